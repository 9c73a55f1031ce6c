using System.Text.Json.Nodes;
using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Control;

/// <summary>
/// Emulator-only routes for the Azure side, as <see cref="AzureEmulation"/> offers them in-process: issue and
/// revoke the stand-in Microsoft Entra ID tokens. Under /v1/emulator like every control route.
/// </summary>
internal static class AzureControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, AzureEmulation azure)
    {
        // {"lifetime_seconds": N} (default 3600) → {"access_token", "expires_on"}, expires_on in unix seconds as az prints it.
        app.MapPost("/v1/emulator/azure/tokens", async ctx =>
        {
            var seconds = JsonIO.OptionalInteger(await ControlEndpoints.ReadOptionalObjectAsync(ctx), "lifetime_seconds")
                          ?? (long)AzureEmulation.DefaultTokenLifetime.TotalSeconds;
            if (seconds is < 0 or > 366L * 24 * 3600)
            {
                throw EmulatorException.InvalidValue("lifetime_seconds",
                    $"Invalid value for 'lifetime_seconds': {seconds}. It must be between 0 and 31622400.");
            }

            var token = azure.IssueToken(TimeSpan.FromSeconds(seconds));
            await JsonIO.WriteAsync(ctx, new JsonObject
            {
                ["access_token"] = token.AccessToken,
                ["expires_on"] = token.ExpiresOn.ToUnixTimeSeconds(),
            });
        });

        app.MapPost("/v1/emulator/azure/revoke", async ctx =>
            await JsonIO.WriteAsync(ctx, new JsonObject { ["revoked"] = azure.RevokeAll() }));

    }
}

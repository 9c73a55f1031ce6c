using System.Text.Json.Nodes;
using OpenAI.Emulator.Http;
using OpenAI.Emulator.Images;

namespace OpenAI.Emulator.Control;

/// <summary>
/// Emulator-only routes for the Azure side, as <see cref="AzureEmulation"/> offers them in-process: issue and
/// revoke the stand-in Microsoft Entra ID tokens, add deployments. Under /v1/emulator like every control route.
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

        // {"name": "my-images", "model": "gpt-image-2"} → the same back.
        app.MapPost("/v1/emulator/azure/deployments", async ctx =>
        {
            var body = await JsonIO.ReadObjectAsync(ctx);
            var name = JsonIO.RequiredString(body, "name");
            var model = JsonIO.RequiredString(body, "model");
            if (string.IsNullOrWhiteSpace(name))
            {
                throw EmulatorException.InvalidValue("name", "Invalid value for 'name': it must not be empty.");
            }

            if (!ImageModels.IsKnown(model))
            {
                throw EmulatorException.InvalidValue("model",
                    $"Invalid value for 'model': '{model}'. Supported values are: {string.Join(", ", ImageModels.All.Select(m => $"'{m}'"))}.");
            }

            azure.AddDeployment(name, model);

            await JsonIO.WriteAsync(ctx, new JsonObject { ["name"] = name, ["model"] = model });
        });
    }
}

using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Images;

/// <summary>
/// The image models the emulator knows, with the days OpenAI shut the older ones down (the API's
/// deprecations page). A shut-down model is answered as the API answers it: 404 model_not_found.
/// </summary>
internal static class ImageModels
{
    /// <summary>What a request without a model gets: the image model OpenAI still serves.</summary>
    public const string Default = "gpt-image-2";

    private static readonly (string Id, DateOnly? ShutDownOn)[] Known =
    [
        ("gpt-image-2", null),
        ("gpt-image-2-2026-04-21", null),
        ("gpt-image-1.5", new DateOnly(2026, 12, 1)),
        ("gpt-image-1-mini", new DateOnly(2026, 12, 1)),
        ("chatgpt-image-latest", new DateOnly(2026, 12, 1)),
        ("gpt-image-1", new DateOnly(2026, 10, 23)),
        ("dall-e-2", new DateOnly(2026, 5, 12)),
    ];

    /// <summary>Every image model the emulator knows, shut down or not.</summary>
    public static IEnumerable<string> All => Known.Select(m => m.Id);

    public static bool IsKnown(string model) => Known.Any(m => m.Id == model);

    /// <summary>The models served on <paramref name="today"/>, for GET /v1/models.</summary>
    public static IEnumerable<string> Served(DateOnly today) =>
        Known.Where(m => m.ShutDownOn is not { } day || today < day).Select(m => m.Id);

    /// <summary>Throws the API's answer for a model shut down by <paramref name="today"/>.</summary>
    public static void EnsureServed(string model, DateOnly today)
    {
        foreach (var (id, shutDownOn) in Known)
        {
            if (id == model && shutDownOn is { } day && today >= day)
            {
                throw new EmulatorException(StatusCodes.Status404NotFound,
                    $"The model `{model}` has been deprecated. Learn more: https://platform.openai.com/docs/deprecations",
                    param: null, code: "model_not_found");
            }
        }
    }
}

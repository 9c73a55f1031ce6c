namespace OpenAI.PowerShell.TestSupport;

/// <summary>
/// Days to pin the emulator to (EmulatorOptions.Today). The rules of shut-down models stay, for Azure
/// deployments and compatible servers that still serve them; tests of those rules replay a day when
/// OpenAI served the model too, since the emulator answers a shut-down model with 404 model_not_found.
/// </summary>
public static class EmulatorDays
{
    /// <summary>The day before dall-e-2 was shut down (2026-05-12): every known image model was served.</summary>
    public static readonly DateOnly DallE2Served = new(2026, 5, 11);
}

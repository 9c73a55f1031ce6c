using OpenAI.Emulator.Images;

namespace OpenAI.Emulator.Azure;

/// <summary>
/// What an image request on an Azure path goes through before the emulator's usual checks: its
/// <c>model</c> is a deployment name (an unknown one is Azure's 404 DeploymentNotFound), and a prompt
/// carrying <see cref="AzureErrors.ContentFilterMarker"/> is refused as Azure's content filter refuses one.
/// </summary>
internal static class AzureImageRules
{
    /// <summary>Puts the deployment's model in place of the deployment name, then checks the prompt.</summary>
    public static void Apply(ImageEditRequest request, AzureEmulation azure)
    {
        request.Model = azure.ResolveDeployment(request.Model);
        AzureErrors.CheckPrompt(request.Prompt);
    }

    /// <summary>The model behind an image generation's deployment, after checking its prompt.</summary>
    public static string GenerationModel(string? deployment, string prompt, AzureEmulation azure)
    {
        var model = azure.ResolveDeployment(deployment);
        AzureErrors.CheckPrompt(prompt);
        return model;
    }
}

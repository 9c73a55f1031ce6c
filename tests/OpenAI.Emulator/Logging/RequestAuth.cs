namespace OpenAI.Emulator;

/// <summary>Which credential a request presented, as its log entry records it (never the secret itself).</summary>
public enum RequestAuth
{
    /// <summary>No credential header, or an empty one.</summary>
    None,

    /// <summary>An <c>api-key</c> header (Azure's key header; /v1 paths accept it too).</summary>
    ApiKey,

    /// <summary><c>Authorization: Bearer</c> with the emulator's API key.</summary>
    BearerKey,

    /// <summary>
    /// <c>Authorization: Bearer</c> with anything but the API key: on Azure paths a Microsoft Entra ID
    /// token (accepted or not, as the status shows); on /v1 paths a wrong key.
    /// </summary>
    BearerToken,
}

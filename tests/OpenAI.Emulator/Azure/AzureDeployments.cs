using OpenAI.Emulator.Images;

namespace OpenAI.Emulator.Azure;

/// <summary>
/// The deployments of the emulated Azure resource. As Azure documents it, the <c>model</c> field of a
/// request is the deployment name there. Every image model served today is a deployment of itself;
/// more can be added under other names, each serving a model the emulator knows.
/// </summary>
internal sealed class AzureDeployments(Func<DateOnly> today)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _added = new(StringComparer.Ordinal);

    /// <summary>The deployments added by name (the default ones, named as their models, are not listed).</summary>
    public IReadOnlyDictionary<string, string> Added
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, string>(_added, StringComparer.Ordinal);
            }
        }
    }

    /// <exception cref="ArgumentException">An empty name, or a model the emulator does not know.</exception>
    public void Add(string name, string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (!ImageModels.IsKnown(model))
        {
            throw new ArgumentException(
                $"'{model}' is not a model the emulator serves; known: {string.Join(", ", ImageModels.All)}.", nameof(model));
        }

        lock (_gate)
        {
            _added[name] = model;
        }
    }

    /// <summary>The model a deployment serves, or null when the resource has no such deployment.</summary>
    public string? Find(string name)
    {
        lock (_gate)
        {
            if (_added.TryGetValue(name, out var model))
            {
                return model;
            }
        }

        return ImageModels.Served(today()).Contains(name, StringComparer.Ordinal) ? name : null;
    }

    /// <summary>
    /// The model behind a request's <c>model</c> (a request without one gets the default image model, as
    /// on /v1); throws Azure's 404 DeploymentNotFound for a name that is no deployment.
    /// </summary>
    public string Resolve(string? deployment) =>
        Find(string.IsNullOrEmpty(deployment) ? ImageModels.Default : deployment) ?? throw AzureErrors.DeploymentNotFound();
}

using SupplyGate.Core.Attestations.Trust;

namespace SupplyGate.Core.Admission;

/// <summary>What happens to an image that fails a rule: deny it, admit it with a warning, or only record it.</summary>
public enum AdmissionMode
{
    Enforce,
    Warn,
    Audit,
}

/// <summary>What happens to an image no rule matches.</summary>
public enum UnmatchedAction
{
    Deny,
    Allow,
    Warn,
}

/// <summary>
/// One <c>spec.images</c> entry: images whose reference matches <see cref="Match"/> must carry attestations that
/// verify with <see cref="TrustedRootPath"/> and <see cref="Identity"/>, and their attested SBOM must pass
/// <see cref="Policy"/> (a preset name or a file, resolved against the config file's directory).
/// </summary>
public sealed record AdmissionImageRule(
    ImageGlob Match,
    string TrustedRootPath,
    CertificateIdentityPolicy Identity,
    string IdentityRule,
    string Policy,
    AdmissionMode Mode);

/// <summary>
/// The <c>AdmissionConfig</c> document (<c>apiVersion: supplygate.dev/v1alpha1</c>): rules tried in order, the
/// first match wins; the schema is policies/admission-config.schema.json and docs/serve.md describes each field.
/// </summary>
public sealed record AdmissionConfig
{
    public const string ApiVersion = "supplygate.dev/v1alpha1";
    public const string Kind = "AdmissionConfig";

    /// <summary>The file the config was read from, for messages.</summary>
    public required string Source { get; init; }

    public required IReadOnlyList<AdmissionImageRule> Images { get; init; }

    public UnmatchedAction Unmatched { get; init; } = UnmatchedAction.Deny;

    public IReadOnlyList<string> ExcludeNamespaces { get; init; } = [];

    /// <summary>Time one review may take, end to end; below the webhook's timeoutSeconds so the service answers before the API server gives up.</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long a tag's resolution to a digest is reused. Verification and judgement are cached by digest only.</summary>
    public TimeSpan TagTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The one platform (os/arch[/variant]) the cluster's nodes run: of an index only that platform is judged, and an
    /// index without it is refused. Null (the default): every platform, since a Pod's review does not say its node.
    /// </summary>
    public string? Platform { get; init; }

    /// <summary>The advisory store to judge with (null: the service's default store).</summary>
    public string? Db { get; init; }

    /// <summary>Reviews handled at once; the rest wait (bounded by the budget).</summary>
    public int MaxConcurrentReviews { get; init; } = 64;

    /// <summary>Largest AdmissionReview body read; a bigger one is refused with status 413.</summary>
    public int MaxRequestBytes { get; init; } = 3 * 1024 * 1024;

    /// <summary>How often the advisory store file is checked for a new version (the re-check trigger).</summary>
    public TimeSpan StorePollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where re-check findings are POSTed as JSON (null: log and metrics only).</summary>
    public Uri? NotifyUrl { get; init; }

    /// <summary>Image references re-checked even if never admitted (clusters without the Kubernetes API).</summary>
    public IReadOnlyList<string> StaticImages { get; init; } = [];

    /// <summary>Whether and how often the running pods are listed through the Kubernetes API into the inventory.</summary>
    public KubernetesInventory Kubernetes { get; init; } = new();

    /// <summary><c>spec.metrics.perAdvisory</c>: export one series per advisory found in admitted images (off: low cardinality).</summary>
    public bool PerAdvisoryMetrics { get; init; }

    /// <summary>An advisory store OCI artifact mirrored into <see cref="Db"/> (null: the file is updated from outside).</summary>
    public AdvisoryOciSource? AdvisorySource { get; init; }

    /// <summary>The first rule whose glob matches the reference, or null.</summary>
    public AdmissionImageRule? RuleFor(string normalizedReference) =>
        Images.FirstOrDefault(rule => rule.Match.IsMatch(normalizedReference));
}

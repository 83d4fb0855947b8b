using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Policy;

/// <summary><c>spec.image</c>: rules about a container image's base and configuration (SG4006–SG4010).</summary>
public sealed record ImageRules
{
    /// <summary>Registry host globs (<c>mcr.microsoft.com</c>, <c>*.azurecr.io</c>); empty = any registry.</summary>
    public IReadOnlyList<string> AllowedRegistries { get; init; } = [];

    /// <summary>Repository globs (<c>dotnet/*</c>, or with the host: <c>mcr.microsoft.com/dotnet/*</c>); empty = any.</summary>
    public IReadOnlyList<string> AllowedRepositories { get; init; } = [];

    /// <summary>Action when the base is not on the allow lists, or unknown while a list is set (SG4006).</summary>
    public RuleAction AllowedAction { get; init; } = RuleAction.Warn;

    /// <summary>Action when the base is referenced by tag instead of digest (SG4007).</summary>
    public RuleAction RequireDigest { get; init; } = RuleAction.Warn;

    /// <summary>Action when the image runs as root (SG4008).</summary>
    public RuleAction NonRoot { get; init; } = RuleAction.Warn;

    /// <summary>Days since the base image was created beyond which it is too old (SG4009).</summary>
    public int MaxBaseAgeDays { get; init; } = 90;

    public RuleAction MaxBaseAgeAction { get; init; } = RuleAction.Warn;

    public IReadOnlyList<DeniedOsPackage> DeniedPackages { get; init; } = [];

    /// <summary>Action for a denied OS package (SG4010); deny, like <c>spec.packages</c>, since the list names them on purpose.</summary>
    public RuleAction DeniedPackagesAction { get; init; } = RuleAction.Deny;

    /// <summary>Platforms an image index must have, each signed (<c>os/arch[/variant]</c>); checked by verify and serve, not the build gate.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    public bool Equals(ImageRules? other) =>
        other is not null && AllowedRegistries.SequenceEqual(other.AllowedRegistries) && AllowedRepositories.SequenceEqual(other.AllowedRepositories)
        && AllowedAction == other.AllowedAction && RequireDigest == other.RequireDigest && NonRoot == other.NonRoot
        && MaxBaseAgeDays == other.MaxBaseAgeDays && MaxBaseAgeAction == other.MaxBaseAgeAction
        && DeniedPackages.SequenceEqual(other.DeniedPackages) && DeniedPackagesAction == other.DeniedPackagesAction
        && Platforms.SequenceEqual(other.Platforms);

    public override int GetHashCode() =>
        HashCode.Combine(AllowedRegistries.Count, AllowedRepositories.Count, AllowedAction, RequireDigest, NonRoot, MaxBaseAgeDays, DeniedPackages.Count, DeniedPackagesAction);
}

/// <summary>One <c>spec.image.deniedPackages[]</c> entry: an OS package (deb, apk, rpm) that must not ship.</summary>
public sealed record DeniedOsPackage
{
    /// <summary>Glob over the binary or the source package name (<c>openssl</c> also catches <c>libssl3</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Optional <see cref="OsVersionRange"/> text in the package's own version scheme: <c>&gt;= 1.0, &lt; 3.0.13-1</c>.</summary>
    public string? Versions { get; init; }

    public required string Reason { get; init; }
}

/// <summary><c>spec.secrets</c>: secrets found in the published files or image layers (SG4011).</summary>
public sealed record SecretRules
{
    public RuleAction Action { get; init; } = RuleAction.Deny;

    /// <summary>Findings these match are listed as allowed, with their reason, instead of becoming violations.</summary>
    public IReadOnlyList<SecretAllowRule> Allow { get; init; } = [];

    public bool Equals(SecretRules? other) =>
        other is not null && Action == other.Action
        && Allow.Select(a => a with { Line = 0 }).SequenceEqual(other.Allow.Select(a => a with { Line = 0 }));

    public override int GetHashCode() => HashCode.Combine(Action, Allow.Count);
}

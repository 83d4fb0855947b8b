namespace SupplyGate.Core.Attestations.Development;

/// <summary>Settings for <see cref="DevelopmentCa.Create"/> (<c>supplygate ca init</c>).</summary>
public sealed record DevelopmentCaOptions
{
    /// <summary>
    /// The code-signing identity: a URI (<c>https://…</c>, <c>spiffe://…</c>) becomes a SAN URI, an address with
    /// <c>@</c> a SAN email. Verifiers match it with <c>--certificate-identity</c>.
    /// </summary>
    public string SignerIdentity { get; init; } = "https://supplygate.dev/development-signer";

    /// <summary>When all certificates start; default: now minus five minutes, for clock skew between machines.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    public TimeSpan RootLifetime { get; init; } = TimeSpan.FromDays(3650);

    public TimeSpan IntermediateLifetime { get; init; } = TimeSpan.FromDays(1825);

    /// <summary>The code-signing leaf's lifetime; a verifier accepts a signature only if a timestamp falls inside it.</summary>
    public TimeSpan LeafLifetime { get; init; } = TimeSpan.FromDays(365);

    public TimeSpan TimestampAuthorityLifetime { get; init; } = TimeSpan.FromDays(1825);

    /// <summary>
    /// Whether the intermediate carries an EKU extension allowing codeSigning and timeStamping (true), or none
    /// at all (false). Both pass sigstore-go's EKU rule (docs/architecture.md spec 0.4).
    /// </summary>
    public bool IntermediateExtendedKeyUsage { get; init; } = true;

    /// <summary>The <c>uri</c> written for the authorities in trusted_root.json (informational).</summary>
    public string AuthorityUri { get; init; } = "https://supplygate.dev/development-ca";
}

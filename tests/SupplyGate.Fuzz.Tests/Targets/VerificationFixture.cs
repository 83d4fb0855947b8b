using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Timestamps;

namespace SupplyGate.Fuzz.Tests.Targets;

/// <summary>
/// A genuine bundle and its trusted root (sigstore-conformance "intoto-with-custom-trust-root": DSSE, an RFC 3161
/// timestamp, a Rekor v1 entry with an inclusion proof and checkpoint), the baseline the verifying targets mutate.
/// </summary>
internal static class VerificationFixture
{
    private const string Case = "sigstore/conformance/bundle-verify/intoto-with-custom-trust-root";

    public static readonly Lazy<byte[]> BundleBytes = new(() => File.ReadAllBytes(FuzzPaths.Fixture($"{Case}/bundle.sigstore.json")));

    public static readonly Lazy<SigstoreBundle> Bundle = new(() => SigstoreBundleReader.Read(BundleBytes.Value));

    public static readonly Lazy<TrustedRoot> Root = new(() => TrustedRootReader.Read(File.ReadAllBytes(FuzzPaths.Fixture($"{Case}/trusted_root.json"))));

    public static readonly Lazy<byte[]> Signature = new(() => Bundle.Value.DsseEnvelope!.Signatures[0].Signature.ToArray());

    public static readonly Lazy<IReadOnlyList<TimestampAuthority>> Authorities = new(() =>
        [.. Root.Value.TimestampAuthorities.Select(a => new TimestampAuthority([.. a.LoadCertificates()], a.ValidFor.Start, a.ValidFor.End, a.CommonName ?? a.Organization))]);

    public static readonly Lazy<BundleVerificationPolicy> Policy = new(() =>
    {
        InTotoStatement statement = InTotoStatementSerializer.Read(Bundle.Value.DsseEnvelope!.Payload.Span);
        string subject = statement.Subjects[0].Digest["sha256"];
        return new BundleVerificationPolicy(Root.Value, CertificateIdentityPolicy.Pattern(".*"), subject);
    });
}

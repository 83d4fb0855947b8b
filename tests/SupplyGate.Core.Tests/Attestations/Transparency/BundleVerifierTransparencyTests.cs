using SupplyGate.Core.Attestations;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Transparency;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Tests.Attestations.Transparency;

/// <summary>
/// DSSE conformance bundles through the full <see cref="BundleVerifier"/>: a verified Rekor v1 entry dates the
/// signature (integratedTime) like an RFC 3161 genTime, the certificate is checked at that time, and a bad or
/// mismatched entry fails the bundle even when an RFC 3161 timestamp is present.
/// </summary>
[Trait("Category", "unit")]
public sealed class BundleVerifierTransparencyTests
{
    // The conformance suite's signing identity (SAN URI of every conformance leaf certificate).
    private const string Identity = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";

    private const string ATxtSha256 = "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf";

    private const string DTxtSha256 = "330a043220fa13e01d68a7db39c89e12b0c4c3b6a0346fe624b0903f1303b5b2";

    [Fact]
    public void Dsse_bundle_with_only_a_tlog_entry_verifies_at_its_integrated_time()
    {
        BundleVerification result = Verify("happy-path-intoto-in-dsse-v3", ATxtSha256);

        Assert.True(result.Verified, result.Message);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1734374576), result.SignedAt);
        Assert.Equal(Identity, result.Identity);
    }

    [Fact]
    public void Dsse_bundle_with_tlog_entry_and_rfc3161_timestamp_verifies_with_its_custom_root()
    {
        BundleVerification result = Verify("intoto-with-custom-trust-root", DTxtSha256);

        Assert.True(result.Verified, result.Message);
    }

    [Fact]
    public void Proof_only_entry_without_rfc3161_timestamp_has_no_verified_time()
    {
        // The checkpoint does not sign integratedTime; without the SET nothing dates the signature.
        var c = ConformanceCase.Named("happy-path-intoto-in-dsse-v3");
        SigstoreBundle bundle = c.ReadBundle();
        VerificationMaterial material = bundle.VerificationMaterial;
        SigstoreBundle proofOnly = bundle with { VerificationMaterial = material with { TlogEntries = [material.TlogEntries[0] with { SignedEntryTimestamp = null }] } };
        var policy = new BundleVerificationPolicy(c.ReadTrustedRoot(), CertificateIdentityPolicy.Exact(Identity), ATxtSha256);

        BundleVerification result = new BundleVerifier(TimeProvider.System).Verify(proofOnly, policy);

        Assert.False(result.Verified);
        Assert.Equal(VerificationCheck.Timestamp, result.FailedCheck);
        Assert.Equal(DiagnosticCode.TimestampMissing, result.Code);
        Assert.Contains("inclusion promise", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("intoto-log-entry-mismatch_fail", TransparencyLogFailure.Check, DiagnosticCode.TransparencyLogEntryMismatch)]
    [InlineData("dsse-mismatch-sig_fail", TransparencyLogFailure.Check, DiagnosticCode.TransparencyLogEntryMismatch)]
    [InlineData("dsse-mismatch-envelope_fail", TransparencyLogFailure.Check, DiagnosticCode.TransparencyLogEntryMismatch)]
    [InlineData("dsse-invalid-sig_fail", TransparencyLogFailure.Check, DiagnosticCode.TransparencyLogEntryMismatch)]
    [InlineData("intoto-set-outside-signing-cert-validity_fail", VerificationCheck.CertificateChain, DiagnosticCode.CertificateNotTrusted)]
    public void Dsse_conformance_failures_name_the_failing_check(string name, string check, string code)
    {
        BundleVerification result = Verify(name, ATxtSha256);

        Assert.False(result.Verified);
        Assert.True(check == result.FailedCheck, $"expected {check}, got {result.FailedCheck} ({result.Code}): {result.Message}");
        Assert.Equal(code, result.Code);
    }

    private static BundleVerification Verify(string name, string subjectSha256)
    {
        var c = ConformanceCase.Named(name);
        var policy = new BundleVerificationPolicy(c.ReadTrustedRoot(), CertificateIdentityPolicy.Exact(Identity), subjectSha256);
        return new BundleVerifier(TimeProvider.System).Verify(File.ReadAllBytes(c.BundlePath), policy);
    }
}

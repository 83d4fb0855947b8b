using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Attestations;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Transparency;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Tests.Attestations.Transparency;

/// <summary>
/// Every <c>rekor2-*</c> sigstore-conformance case (Rekor v2 / rekor-tiles: Ed25519 checkpoint keys, hashedrekord
/// 0.0.2 entries, no integrated time, RFC 3161 timestamps) through the full <see cref="BundleVerifier"/>. DSSE cases
/// verify or fail at the named check. Blob cases (message signatures over a.txt) are not attestations, so
/// BundleVerifier stops at the signature step; a good one must get there (timestamps, log entry, chain and identity
/// passed) and its message signature then verifies under the leaf's key, a bad one must fail earlier at its check.
/// </summary>
[Trait("Category", "unit")]
public sealed class RekorV2ConformanceTests
{
    private const string Identity = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";

    /// <summary>The blob cases that are valid: everything up to the message signature verifies.</summary>
    private static readonly string[] GoodBlob =
    [
        "rekor2-happy-path",
        "rekor2-checkpoint-cosigned",
        "rekor2-checkpoint-multiple-cosigs",
        "rekor2-checkpoint-origin-not-first",
        "rekor2-checkpoint-two-sigs-cosigned",
        "rekor2-checkpoint-two-sigs-from-origin",
        "rekor2-timestamp-with-embedded-cert",
        "rekor2-timestamp-without-embedded-cert",
        "rekor2-timestamp-with-expired-cert-chain",
    ];

    public static TheoryData<string> GoodBlobCases() => new(GoodBlob);

    /// <summary>The invalid cases, with the check and code that must refuse them.</summary>
    private static readonly (string Name, string Check, string Code)[] Bad =
    [
        // Checkpoints: the Ed25519 note signature by the log named in the trusted root is required.
        ("rekor2-checkpoint-missing-log-signature_fail", TransparencyLogFailure.Check, DiagnosticCode.TransparencyLogEntryInvalid),
        ("rekor2-checkpoint-missing-origin_fail", TransparencyLogFailure.Check, DiagnosticCode.TransparencyLogEntryInvalid),
        ("rekor2-checkpoint-missing-root-hash_fail", TransparencyLogFailure.Check, DiagnosticCode.TransparencyLogEntryInvalid),
        ("rekor2-checkpoint-missing-size_fail", TransparencyLogFailure.Check, DiagnosticCode.TransparencyLogEntryInvalid),
        ("rekor2-checkpoint-no-matching-signature_fail", TransparencyLogFailure.Check, DiagnosticCode.TransparencyLogEntryInvalid),

        // A v0.3 bundle's entry needs an inclusion proof: refused when read.
        ("rekor2-no-inclusion-proof_fail", BundleVerificationCheck.Parse, DiagnosticCode.AttestationMalformed),

        // No integrated time in Rekor v2: the RFC 3161 timestamp is the only time source and must verify.
        ("rekor2-no-timestamp_fail", VerificationCheck.Timestamp, DiagnosticCode.TimestampMissing),
        ("rekor2-timestamp-payload-mismatch_fail", VerificationCheck.Timestamp, DiagnosticCode.TimestampImprintMismatch),
        ("rekor2-timestamp-outside-trust-root-tsa-validity_fail", VerificationCheck.Timestamp, DiagnosticCode.TimestampOutsideAuthorityValidity),
        ("rekor2-timestamp-outside-tsa-cert-validity_fail", VerificationCheck.Timestamp, DiagnosticCode.TimestampAuthorityNotTrusted),
        ("rekor2-timestamp-untrusted-tsa-with-embedded-cert_fail", VerificationCheck.Timestamp, DiagnosticCode.TimestampAuthorityNotTrusted),
        ("rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail", VerificationCheck.Timestamp, DiagnosticCode.TimestampAuthorityNotTrusted),
        ("rekor2-timestamp-with-incorrect-time_fail", VerificationCheck.CertificateChain, DiagnosticCode.CertificateNotTrusted),

        // DSSE logged as hashedrekord 0.0.2 over the envelope's PAE.
        ("rekor2-dsse-mismatch-envelope_fail", TransparencyLogFailure.Check, DiagnosticCode.TransparencyLogEntryMismatch),
        ("rekor2-dsse-mismatch-sig_fail", TransparencyLogFailure.Check, DiagnosticCode.TransparencyLogEntryMismatch),
        // The envelope was re-signed with another key after logging: the entry no longer records its signature.
        ("rekor2-dsse-invalid-sig_fail", TransparencyLogFailure.Check, DiagnosticCode.TransparencyLogEntryMismatch),
    ];

    public static TheoryData<string, string, string> BadCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach ((string name, string check, string code) in Bad)
        {
            data.Add(name, check, code);
        }

        return data;
    }

    [Fact]
    public void Every_rekor2_case_is_covered_here()
    {
        var covered = GoodBlob
            .Concat(Bad.Select(b => b.Name))
            .Append("rekor2-dsse-happy-path")
            .Order(StringComparer.Ordinal);
        var present = Directory.GetDirectories(ConformanceCase.Directory, "rekor2-*").Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal);

        Assert.Equal(present, covered);
    }

    [Fact]
    public void Dsse_attestation_logged_to_rekor_v2_verifies_at_its_rfc3161_time()
    {
        var c = ConformanceCase.Named("rekor2-dsse-happy-path");

        BundleVerification result = Verify(c);

        Assert.True(result.Verified, $"{result.FailedCheck} {result.Code}: {result.Message}");
        Assert.Equal(Identity, result.Identity);

        // Rekor v2 records no time: the signing time is the RFC 3161 genTime, inside the short-lived leaf's validity.
        Assert.Equal(0, c.ReadBundle().VerificationMaterial.TlogEntries[0].IntegratedTime);
        using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(c.ReadBundle().VerificationMaterial.Leaf!.Value.Span);
        Assert.InRange(result.SignedAt!.Value, new DateTimeOffset(leaf.NotBefore), new DateTimeOffset(leaf.NotAfter));
    }

    [Theory]
    [MemberData(nameof(GoodBlobCases))]
    public void Good_blob_case_passes_every_check_before_the_signature_and_its_signature_verifies(string name)
    {
        var c = ConformanceCase.Named(name);

        BundleVerification result = Verify(c);

        Assert.False(result.Verified);
        Assert.True(result.FailedCheck == VerificationCheck.Signature, $"{name}: stopped at {result.FailedCheck} ({result.Code}): {result.Message}");

        // The message signature itself, over a.txt, under the certificate's key.
        SigstoreBundle bundle = c.ReadBundle();
        MessageSignature message = bundle.MessageSignature!;
        Assert.Equal(c.ArtifactSha256(), message.Digest.ToArray());
        using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(bundle.VerificationMaterial.Leaf!.Value.Span);
        using ECDsa key = leaf.GetECDsaPublicKey()!;
        Assert.True(key.VerifyHash(message.Digest.Span, message.Signature.Span, DSASignatureFormat.Rfc3279DerSequence), name);
    }

    [Theory]
    [MemberData(nameof(BadCases))]
    public void Bad_case_fails_at_its_check(string name, string check, string code)
    {
        BundleVerification result = Verify(ConformanceCase.Named(name));

        Assert.False(result.Verified);
        Assert.True(check == result.FailedCheck && code == result.Code, $"{name}: expected {check} {code}, got {result.FailedCheck} {result.Code}: {result.Message}");
    }

    [Fact]
    public void A_flipped_bit_in_the_logs_ed25519_checkpoint_signature_fails()
    {
        var c = ConformanceCase.Named("rekor2-happy-path");
        SigstoreBundle bundle = c.ReadBundle();
        TransparencyLogEntry entry = bundle.VerificationMaterial.TlogEntries[0];
        string note = entry.InclusionProof!.Checkpoint!;
        int start = note.LastIndexOf(' ') + 1;
        byte[] signature = Convert.FromBase64String(note[start..^1]);
        signature[^1] ^= 0x01;
        string forged = note[..start] + Convert.ToBase64String(signature) + "\n";
        SigstoreBundle tampered = bundle with
        {
            VerificationMaterial = bundle.VerificationMaterial with
            {
                TlogEntries = [entry with { InclusionProof = entry.InclusionProof with { Checkpoint = forged } }],
            },
        };

        var ex = Assert.Throws<VerificationFailedException>(() => TransparencyLogVerifier.Verify(tampered, c.ReadTrustedRoot(), TimeProvider.System, c.ArtifactSha256()));

        Assert.Equal(DiagnosticCode.TransparencyLogEntryInvalid, ex.Code);
        Assert.Contains("is not a valid signature by the log's key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rekor_v2_log_id_is_the_signed_note_key_id_of_its_origin_and_ed25519_key()
    {
        var c = ConformanceCase.Named("rekor2-happy-path");
        TransparencyLogInstance log = c.ReadTrustedRoot().Tlogs.Single(t => t.KeyDetails == "PKIX_ED25519" && t.LogId.Span.SequenceEqual(c.ReadBundle().VerificationMaterial.TlogEntries[0].LogId.Span));

        // RFC 8410 SubjectPublicKeyInfo: the last 32 bytes are the raw key.
        byte[] id = TransparencyLogKey.Ed25519NoteKeyId(new Uri(log.BaseUrl!).Host, log.PublicKey.Span[^32..]);

        Assert.Equal(log.LogId.ToArray(), id);
    }

    private static BundleVerification Verify(ConformanceCase c)
    {
        string subject = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(ConformanceCase.Directory, "a.txt"))));
        var policy = new BundleVerificationPolicy(c.ReadTrustedRoot(), CertificateIdentityPolicy.Exact(Identity), subject);
        return new BundleVerifier(TimeProvider.System).Verify(File.ReadAllBytes(c.BundlePath), policy);
    }
}

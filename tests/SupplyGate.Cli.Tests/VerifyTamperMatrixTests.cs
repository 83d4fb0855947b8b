using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using SupplyGate.Core.Attestations;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Attestations.Dsse;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Tests.Attestations;
using SupplyGate.Core.Tests.Attestations.Verification;
using SupplyGate.Core.Tests.Timestamps;
using SupplyGate.DevTsa;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// The tamper matrix through the whole verify path: each case's bundle is attached as the only referrer
/// of the image in its own repository of the real registry, and `supplygate verify` must exit 4 naming the check
/// that failed. The "good" row proves the harness itself can pass.
/// </summary>
[Trait("Category", "integration")]
public sealed class VerifyTamperMatrixTests(SignedImageFixture fixture) : IClassFixture<SignedImageFixture>
{
    private const string OtherIdentity = "https://github.com/mallory/app/.github/workflows/release.yml@refs/heads/main";

    public static TheoryData<string, string?> Cases => new()
    {
        { "good", null },
        { "payload-byte", VerificationCheck.Signature },
        { "signature-byte", VerificationCheck.Timestamp },
        { "signature-restamped", VerificationCheck.Signature },
        { "payload-type", VerificationCheck.Signature },
        { "other-subject", VerificationCheck.Subject },
        { "untrusted-ca", VerificationCheck.CertificateChain },
        { "leaf-expired", VerificationCheck.CertificateChain },
        { "no-timestamp", VerificationCheck.Timestamp },
        { "tsa-not-trusted", VerificationCheck.Timestamp },
        { "wrong-identity", VerificationCheck.Identity },
        { "leaf-without-codesigning", VerificationCheck.CodeSigningUsage },
        { "intermediate-excludes-codesigning", VerificationCheck.CodeSigningUsage },
        { "two-signatures", VerificationCheck.Signature },
        { "unknown-media-type", BundleVerificationCheck.MediaType },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TamperedAttestation_ExitsFour_NamingTheFailedCheck(string name, string? expectedCheck)
    {
        string repository = $"tamper/{name}";
        fixture.PushFileImage($"{fixture.Registry.Host}/{repository}:1.0", epoch: 0);
        Digest digest = await fixture.ResolveAsync(repository, "1.0");
        Assert.Equal(fixture.DigestA, digest);
        (byte[] bundle, string trustedRoot, string identity) = Mint(name, digest.Encoded);
        await fixture.AttachAsync(repository, digest, bundle, PredicateTypes.PolicyResult);

        var (exit, output, error) = fixture.Run(
            "verify", $"{fixture.Registry.Host}/{repository}:1.0", "--trusted-root", trustedRoot,
            "--certificate-identity", identity, "--type", PredicateTypes.PolicyResult);

        if (expectedCheck is null)
        {
            Assert.True(exit == 0, output + error);
            return;
        }

        Assert.True(exit == 4, $"exit {exit}\n{output}\n{error}");
        Assert.Contains($"FAILED  referrer ", output, StringComparison.Ordinal);
        Assert.Contains($"check '{expectedCheck}' (SG5", output, StringComparison.Ordinal);
    }

    private (byte[] Bundle, string TrustedRoot, string Identity) Mint(string name, string digest)
    {
        var bundles = new VerificationTestBundles(fixture.Pki);
        string root = fixture.Ca.TrustedRoot;
        string identity = AttestationTestPki.Identity;
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        byte[] Good() => bundles.Create(subjectDigest: digest);
        byte[] bundle;
        switch (name)
        {
            case "good":
                bundle = Good();
                break;
            case "payload-byte":
                bundle = VerificationTestBundles.Edit(Good(), json =>
                {
                    byte[] payload = VerificationTestBundles.Base64(json["dsseEnvelope"]!["payload"]!);
                    payload[20] ^= 0x01;
                    json["dsseEnvelope"]!["payload"] = Convert.ToBase64String(payload);
                });
                break;
            case "signature-byte":
                bundle = VerificationTestBundles.Edit(Good(), json =>
                {
                    byte[] sig = VerificationTestBundles.Base64(json["dsseEnvelope"]!["signatures"]![0]!["sig"]!);
                    sig[^1] ^= 0x01;
                    json["dsseEnvelope"]!["signatures"]![0]!["sig"] = Convert.ToBase64String(sig);
                });
                break;
            case "signature-restamped":
                DsseEnvelope good = SigstoreBundleReader.Read(Good()).DsseEnvelope!;
                byte[] flipped = good.Signatures[0].Signature.ToArray();
                flipped[^1] ^= 0x01;
                bundle = bundles.Bundle(good with { Signatures = [new DsseSignature(flipped)] }, fixture.Pki.Ca.Leaf);
                break;
            case "payload-type":
                bundle = VerificationTestBundles.Edit(Good(), json => json["dsseEnvelope"]!["payloadType"] = "application/vnd.in-toto.other+json");
                break;
            case "other-subject":
                bundle = bundles.Create(subjectDigest: VerificationTestBundles.OtherImageDigest);
                break;
            case "untrusted-ca":
                using (DevelopmentCa other = DevelopmentCa.Create(new DevelopmentCaOptions { SignerIdentity = identity }, TimeProvider.System))
                {
                    bundle = bundles.Create(subjectDigest: digest, signer: other.LeafKey, leaf: other.Leaf);
                }

                break;
            case "leaf-expired":
                bundle = WithLeaf(bundles, digest, fixture.Pki.Ca.IssueCodeSigningLeaf(identity, now.AddHours(-2), now.AddHours(-1)));
                break;
            case "no-timestamp":
                bundle = bundles.Create(subjectDigest: digest, timestamp: false);
                break;
            case "tsa-not-trusted":
                using (TestTsaPki foreign = TestTsaPki.Create("Foreign"))
                {
                    bundle = bundles.Create(subjectDigest: digest, tsa: new DevTimestampAuthority(foreign.Tsa, TimeProvider.System));
                }

                break;
            case "wrong-identity":
                bundle = Good();
                identity = OtherIdentity;
                break;
            case "leaf-without-codesigning":
                bundle = WithLeaf(bundles, digest, fixture.Pki.Ca.IssueCodeSigningLeaf(identity, now.AddHours(-1), now.AddDays(1), withCodeSigningEku: false));
                break;
            case "intermediate-excludes-codesigning":
                (TrustedRoot ekuRoot, X509Certificate2 leaf, EcdsaSigner key) = VerificationTestBundles.IntermediateWithoutCodeSigning(fixture.Pki.Ca.TrustedRoot, identity);
                bundle = WithLeaf(bundles, digest, (leaf, key));
                root = fixture.Combine($"eku-root-{Guid.NewGuid():N}.json");
                File.WriteAllBytes(root, TrustedRootWriter.Write(ekuRoot));
                break;
            case "two-signatures":
                bundle = VerificationTestBundles.Edit(Good(), json =>
                {
                    JsonArray signatures = json["dsseEnvelope"]!["signatures"]!.AsArray();
                    signatures.Add(signatures[0]!.DeepClone());
                });
                break;
            case "unknown-media-type":
                bundle = VerificationTestBundles.Edit(Good(), json => json["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.9+json");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "no such tamper case");
        }

        return (bundle, root, identity);
    }

    private static byte[] WithLeaf(VerificationTestBundles bundles, string digest, (X509Certificate2 Leaf, EcdsaSigner Key) issued)
    {
        using (issued.Leaf)
        using (issued.Key)
        {
            return bundles.Create(subjectDigest: digest, signer: issued.Key, leaf: issued.Leaf);
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SupplyGate.Core.Attestations;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Attestations.Discovery;
using SupplyGate.Core.Attestations.Dsse;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Tests.Attestations;
using SupplyGate.Core.Tests.Attestations.Verification;
using SupplyGate.Core.Tests.Timestamps;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// `supplygate verify` reading what cosign v2 `attest` writes (docs/architecture.md spec 6, "Legacy tag scheme"): a
/// <c>sha256-&lt;hex&gt;.att</c> tag whose OCI manifest has one DSSE-envelope layer per attestation, the signing
/// certificate, chain and RFC 3161 timestamp as layer annotations, and an empty signature annotation because the
/// signature is inside the envelope. cosign then timestamps the envelope bytes, not the signature. Each image
/// lives in its own repository of the real registry, so its <c>.att</c> tag holds only the layers a case wrote.
/// </summary>
[Trait("Category", "integration")]
public sealed class VerifyLegacyCosignTests(SignedImageFixture fixture) : IClassFixture<SignedImageFixture>
{
    /// <summary>cosign's `--type custom` predicate type: no SBOM to re-evaluate, so a pass is exit 0 on its own.</summary>
    private const string CosignCustomType = "https://cosign.sigstore.dev/attestation/v1";

    public static TheoryData<string, string?> Cases => new()
    {
        { "good", null },
        { "timestamp-over-signature", VerificationCheck.Timestamp },
        { "no-timestamp", VerificationCheck.Timestamp },
        { "no-certificate", VerificationCheck.CertificateChain },
        { "certificate-of-another-ca", VerificationCheck.CertificateChain },
        { "payload-byte", VerificationCheck.Timestamp },
        { "payload-byte-restamped", VerificationCheck.Signature },
        { "other-subject", VerificationCheck.Subject },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task LegacyAttTag_VerifiesOrExitsFourNamingTheCheck(string name, string? expectedCheck)
    {
        string repository = $"legacy/{name}";
        (string image, Digest digest) = await PushImageAsync(repository);
        await PushAttTagAsync(repository, digest, Layer(name, digest));

        var (exit, output, error) = Verify(image);

        if (expectedCheck is null)
        {
            Assert.True(exit == 0, output + error);
            Assert.Contains($"ok      cosign .att layer 0 of sha256:", output, StringComparison.Ordinal);
            Assert.Contains($"[{CosignCustomType}]: {CosignCustomType}, signed by {AttestationTestPki.Identity}", output, StringComparison.Ordinal);
            return;
        }

        Assert.True(exit == 4, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("FAILED  cosign .att layer 0 of sha256:", output, StringComparison.Ordinal);
        Assert.Contains($"check '{expectedCheck}' (SG5", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttTagWithABadAndAGoodLayer_Passes_AndReportsTheBadOne()
    {
        // cosign appends a layer per `attest` run; anyone who can push can append a bogus one, and that must not
        // block the image (one verified attestation per type is enough) nor hide the refusal.
        (string image, Digest digest) = await PushImageAsync("legacy/appended");
        await PushAttTagAsync("legacy/appended", digest, Layer("other-subject", digest), Layer("good", digest));

        var (exit, output, error) = Verify(image);

        Assert.True(exit == 0, output + error);
        Assert.Contains("FAILED  cosign .att layer 0 of sha256:", output, StringComparison.Ordinal);
        Assert.Contains("check 'subject' (SG5008)", output, StringComparison.Ordinal);
        Assert.Contains("ok      cosign .att layer 1 of sha256:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RekorEntryWithoutTimestamp_IsDatedByItsSet_WhenTheLogIsInTheTrustedRoot()
    {
        // cosign v2's default layer: no TSA timestamp, a Rekor entry with its signed entry timestamp (SET). The
        // "log" here is a test key listed in a trusted root's tlogs, signing exactly what Rekor signs.
        using ECDsa logKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        (string image, Digest digest) = await PushImageAsync("legacy/rekor-only");
        LegacyCosignLayer layer = RekorLayer(digest, logKey, tamperSet: false);
        await PushAttTagAsync("legacy/rekor-only", digest, layer);
        string withLog = TrustedRootWithLog(logKey);

        var accepted = fixture.Run("verify", image, "--trusted-root", withLog, "--certificate-identity", AttestationTestPki.Identity, "--type", CosignCustomType);
        var unknownLog = Verify(image);

        Assert.True(accepted.ExitCode == 0, accepted.Output + accepted.Error);
        Assert.Contains("ok      cosign .att layer 0", accepted.Output, StringComparison.Ordinal);
        Assert.Equal(4, unknownLog.ExitCode);
        Assert.Contains("(SG5014)", unknownLog.Output, StringComparison.Ordinal);

        (string forgedImage, Digest forgedDigest) = await PushImageAsync("legacy/rekor-forged", epoch: 3);
        await PushAttTagAsync("legacy/rekor-forged", forgedDigest, RekorLayer(forgedDigest, logKey, tamperSet: true));
        var forged = fixture.Run("verify", forgedImage, "--trusted-root", withLog, "--certificate-identity", AttestationTestPki.Identity, "--type", CosignCustomType);
        Assert.Equal(4, forged.ExitCode);
        Assert.Contains("(SG5012)", forged.Output, StringComparison.Ordinal);
    }

    /// <summary>A layer with only a Rekor annotation: an intoto 0.0.2 body for the envelope and a SET by <paramref name="logKey"/>.</summary>
    private LegacyCosignLayer RekorLayer(Digest image, ECDsa logKey, bool tamperSet)
    {
        DevelopmentCa ca = fixture.Pki.Ca;
        DsseEnvelope envelope = DsseSigner.Sign(InTotoStatement.PayloadType, CosignStatement(image.Encoded), ca.LeafKey);
        string leafPem = ca.Leaf.ExportCertificatePem();
        string Base64Of(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

        // Rekor's intoto 0.0.2 keeps the envelope's base64 fields base64-encoded once more, and the verifier as base64 PEM.
        byte[] body = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["apiVersion"] = "0.0.2",
            ["kind"] = "intoto",
            ["spec"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["envelope"] = new JsonObject
                    {
                        ["payloadType"] = envelope.PayloadType,
                        ["signatures"] = new JsonArray(new JsonObject
                        {
                            ["sig"] = Base64Of(Convert.ToBase64String(envelope.Signatures[0].Signature.Span)),
                            ["publicKey"] = Base64Of(leafPem),
                        }),
                    },
                    ["payloadHash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(SHA256.HashData(envelope.Payload.Span)) },
                },
            },
        }.ToJsonString());
        long integratedTime = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - 60;
        string logId = Convert.ToHexStringLower(SHA256.HashData(logKey.ExportSubjectPublicKeyInfo()));
        const long logIndex = 4242;
        string signed = $"{{\"body\":\"{Convert.ToBase64String(body)}\",\"integratedTime\":{integratedTime},\"logID\":\"{logId}\",\"logIndex\":{logIndex}}}";
        byte[] set = logKey.SignData(Encoding.UTF8.GetBytes(signed), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        if (tamperSet)
        {
            set[^1] ^= 0x01;
        }

        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [LegacyCosignLayer.SignatureAnnotation] = string.Empty,
            [LegacyCosignLayer.CertificateAnnotation] = leafPem,
            [LegacyCosignLayer.PredicateTypeAnnotation] = CosignCustomType,
            [LegacyCosignLayer.RekorBundleAnnotation] = new JsonObject
            {
                ["SignedEntryTimestamp"] = Convert.ToBase64String(set),
                ["Payload"] = new JsonObject { ["body"] = Convert.ToBase64String(body), ["integratedTime"] = integratedTime, ["logIndex"] = logIndex, ["logID"] = logId },
            }.ToJsonString(),
        };
        return new LegacyCosignLayer(DsseEnvelopeSerializer.Write(envelope), annotations);
    }

    /// <summary>The fixture's trusted root plus the test log in <c>tlogs</c>.</summary>
    private string TrustedRootWithLog(ECDsa logKey)
    {
        TrustedRoot root = TrustedRootReader.ReadFile(fixture.Ca.TrustedRoot);
        byte[] spki = logKey.ExportSubjectPublicKeyInfo();
        var log = new TransparencyLogInstance("https://rekor.test", "SHA2_256", spki, "PKIX_ECDSA_P256_SHA_256",
            new ValidityPeriod(TimeProvider.System.GetUtcNow().AddDays(-1), null), SHA256.HashData(spki));
        string path = fixture.Combine($"root-with-log-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, TrustedRootWriter.Write(root with { Tlogs = [log] }));
        return path;
    }

    private (int ExitCode, string Output, string Error) Verify(string image) => fixture.Run(
        "verify", image, "--trusted-root", fixture.Ca.TrustedRoot, "--certificate-identity", AttestationTestPki.Identity, "--type", CosignCustomType);

    /// <summary>The one-file image in its own repository; the same epoch gives the same digest in any repository.</summary>
    private async Task<(string Image, Digest Digest)> PushImageAsync(string repository, int epoch = 0)
    {
        string image = $"{fixture.Registry.Host}/{repository}:1.0";
        fixture.PushFileImage(image, epoch);
        return (image, await fixture.ResolveAsync(repository, "1.0"));
    }

    /// <summary>One <c>.att</c> layer as cosign v2 writes it, changed the way <paramref name="name"/> says.</summary>
    private LegacyCosignLayer Layer(string name, Digest image)
    {
        var bundles = new VerificationTestBundles(fixture.Pki);
        DevelopmentCa ca = fixture.Pki.Ca;
        string subject = name == "other-subject" ? VerificationTestBundles.OtherImageDigest : image.Encoded;
        DsseEnvelope envelope = DsseSigner.Sign(InTotoStatement.PayloadType, CosignStatement(subject), ca.LeafKey);
        string leafPem = ca.Leaf.ExportCertificatePem();
        string chainPem = ca.Intermediate.ExportCertificatePem() + "\n" + ca.Root.ExportCertificatePem();
        if (name == "certificate-of-another-ca")
        {
            // A CA that is not in the trusted root, with its chain in the chain annotation: trust must come only
            // from trusted_root.json, never from what the layer carries.
            using DevelopmentCa other = DevelopmentCa.Create(new DevelopmentCaOptions { SignerIdentity = AttestationTestPki.Identity }, TimeProvider.System);
            envelope = DsseSigner.Sign(InTotoStatement.PayloadType, CosignStatement(subject), other.LeafKey);
            leafPem = other.Leaf.ExportCertificatePem();
            chainPem = other.Intermediate.ExportCertificatePem() + "\n" + other.Root.ExportCertificatePem();
        }

        byte[] blob = DsseEnvelopeSerializer.Write(envelope);
        byte[] stamped = name == "timestamp-over-signature" ? envelope.Signatures[0].Signature.ToArray() : blob;
        if (name is "payload-byte" or "payload-byte-restamped")
        {
            // Flip one payload byte after signing; "restamped" also gets a fresh timestamp over the changed layer,
            // which anyone can obtain from a TSA, so only the signature can catch it.
            byte[] payload = envelope.Payload.ToArray();
            payload[30] ^= 0x01;
            blob = DsseEnvelopeSerializer.Write(envelope with { Payload = payload });
            stamped = name == "payload-byte-restamped" ? blob : stamped;
        }

        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [LegacyCosignLayer.SignatureAnnotation] = string.Empty,
            [LegacyCosignLayer.ChainAnnotation] = chainPem,
            [LegacyCosignLayer.PredicateTypeAnnotation] = CosignCustomType,
        };
        if (name != "no-certificate")
        {
            annotations[LegacyCosignLayer.CertificateAnnotation] = leafPem;
        }

        if (name != "no-timestamp")
        {
            byte[] response = TimestampTestData.Stamp(bundles.TrustedTsa(), stamped);
            annotations[LegacyCosignLayer.TimestampAnnotation] = new JsonObject { ["SignedRFC3161Timestamp"] = Convert.ToBase64String(response) }.ToJsonString();
        }

        return new LegacyCosignLayer(blob, annotations);
    }

    /// <summary>The statement cosign v2 `attest --type custom` signs: Statement v0.1 (docs/architecture.md spec 0.7), its custom predicate.</summary>
    private byte[] CosignStatement(string subjectHex) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["_type"] = InTotoStatement.StatementV01,
        ["predicateType"] = CosignCustomType,
        ["subject"] = new JsonArray(new JsonObject
        {
            ["name"] = $"{fixture.Registry.Host}/legacy",
            ["digest"] = new JsonObject { ["sha256"] = subjectHex },
        }),
        ["predicate"] = new JsonObject { ["Data"] = "built by the release workflow\n", ["Timestamp"] = "2026-11-22T12:00:00Z" },
    }.ToJsonString());

    /// <summary>
    /// Writes the <c>.att</c> tag for <paramref name="subject"/> in <paramref name="repository"/>: an OCI image
    /// manifest with a config blob shaped like cosign's (rootfs diff_ids = the layers) and one DSSE layer per entry
    /// of <paramref name="layers"/>, in order.
    /// </summary>
    private async Task PushAttTagAsync(string repository, Digest subject, params LegacyCosignLayer[] layers)
    {
        using var http = new HttpClient();
        RegistryClient client = fixture.Client(http);
        var layerJson = new JsonArray();
        var diffIds = new JsonArray();
        foreach (LegacyCosignLayer layer in layers)
        {
            Digest digest = await PushBlobAsync(client, repository, layer.Envelope);
            var annotations = new JsonObject();
            foreach ((string key, string value) in layer.Annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                annotations[key] = value;
            }

            layerJson.Add(new JsonObject
            {
                ["mediaType"] = LegacyCosignLayer.DsseMediaType,
                ["size"] = layer.Envelope.Length,
                ["digest"] = digest.ToString(),
                ["annotations"] = annotations,
            });
            diffIds.Add(digest.ToString());
        }

        byte[] config = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["architecture"] = string.Empty,
            ["created"] = "0001-01-01T00:00:00Z",
            ["history"] = new JsonArray(new JsonObject { ["created"] = "0001-01-01T00:00:00Z" }),
            ["os"] = string.Empty,
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
            ["config"] = new JsonObject(),
        }.ToJsonString());
        Digest configDigest = await PushBlobAsync(client, repository, config);
        byte[] manifest = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciManifest,
            ["config"] = new JsonObject { ["mediaType"] = MediaTypes.OciConfig, ["size"] = config.Length, ["digest"] = configDigest.ToString() },
            ["layers"] = layerJson,
        }.ToJsonString());
        await client.Manifests.PutAsync(repository, AttestationDiscovery.CosignAttTag(subject), MediaTypes.OciManifest, manifest, null, CancellationToken.None);
    }

    private static async Task<Digest> PushBlobAsync(RegistryClient client, string repository, byte[] content)
    {
        Digest digest = Digest.Sha256(content);
        using var stream = new MemoryStream(content);
        await client.Blobs.PushAsync(repository, digest, stream, content.Length, CancellationToken.None);
        return digest;
    }
}

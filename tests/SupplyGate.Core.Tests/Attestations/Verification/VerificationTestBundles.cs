using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Attestations.Dsse;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Tests.Timestamps;
using SupplyGate.DevTsa;

namespace SupplyGate.Core.Tests.Attestations.Verification;

/// <summary>
/// Mints real bundles for the verifier tests: a statement about <see cref="ImageDigest"/>, DSSE-signed by a
/// development leaf, stamped by the development CA's TSA (in process, no HTTP), written as v0.3. Each knob
/// changes one thing so every tamper case differs from the good bundle in exactly the way its name says.
/// </summary>
internal sealed class VerificationTestBundles(AttestationTestPki pki)
{
    public const string ImageDigest = "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";
    public const string OtherImageDigest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public DevelopmentCa Ca => pki.Ca;

    /// <summary>The development CA's own TSA, which its trusted root lists.</summary>
    public DevTimestampAuthority TrustedTsa() =>
        new(pki.Ca.TimestampAuthority.CopyWithPrivateKey(pki.Ca.TimestampAuthorityKey.Key), TimeProvider.System);

    public byte[] Create(
        string subjectDigest = ImageDigest,
        string predicateType = PredicateTypes.PolicyResult,
        string payloadType = InTotoStatement.PayloadType,
        ISigner? signer = null,
        X509Certificate2? leaf = null,
        DevTimestampAuthority? tsa = null,
        bool timestamp = true)
    {
        using JsonDocument predicate = JsonDocument.Parse("""{"decision":"pass","findings":[]}""");
        var statement = new InTotoStatement([StatementSubject.ForSha256("registry.example/acme/app", subjectDigest)], predicateType, predicate.RootElement.Clone());
        DsseEnvelope envelope = DsseSigner.Sign(payloadType, InTotoStatementSerializer.Write(statement), signer ?? pki.Ca.LeafKey);
        return Bundle(envelope, leaf ?? pki.Ca.Leaf, tsa, timestamp);
    }

    /// <summary>Stamps the envelope's (only) signature and writes the v0.3 bundle.</summary>
    public byte[] Bundle(DsseEnvelope envelope, X509Certificate2 leaf, DevTimestampAuthority? tsa = null, bool timestamp = true)
    {
        IReadOnlyList<ReadOnlyMemory<byte>> stamps = timestamp
            ? [TimestampTestData.Stamp(tsa ?? TrustedTsa(), envelope.Signatures[0].Signature.ToArray())]
            : [];
        return SigstoreBundleWriter.Write(envelope, leaf.RawData, stamps);
    }

    /// <summary>Edits the bundle JSON (after signing and stamping: the edit is the tamper).</summary>
    public static byte[] Edit(byte[] bundle, Action<JsonNode> edit)
    {
        JsonNode json = JsonNode.Parse(bundle)!;
        edit(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    public static byte[] Base64(JsonNode node) => Convert.FromBase64String(node.GetValue<string>());

    /// <summary>
    /// A root and an intermediate whose EKU is serverAuth only (so it excludes codeSigning), and a code-signing
    /// leaf under it: everything else is valid, only the intermediate's EKU is wrong.
    /// </summary>
    public static (TrustedRoot Root, X509Certificate2 Leaf, EcdsaSigner Key) IntermediateWithoutCodeSigning(TrustedRoot tsaSource, string identity)
    {
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        using ECDsa rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 root = DevelopmentCertificateFactory.CreateRoot("EKU Test Root", rootKey, now.AddDays(-1), now.AddYears(1));

        var request = new CertificateRequest(DevelopmentCertificateFactory.Name("EKU Test Intermediate"), intermediateKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority(0));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using X509Certificate2 intermediate = request.Create(
            root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), now.AddDays(-1), now.AddMonths(6), RandomNumberGenerator.GetBytes(12));

        EcdsaSigner key = EcdsaSigner.Generate();
        X509Certificate2 leaf = DevelopmentCertificateFactory.CreateCodeSigningLeaf(identity, key.Key, intermediate, intermediateKey, now.AddHours(-1), now.AddMonths(1));
        var authority = new CertificateAuthority("SupplyGate Tests", "EKU Test Intermediate", null, [intermediate.RawData, root.RawData], ValidityPeriod.Always);
        return (tsaSource with { CertificateAuthorities = [authority] }, leaf, key);
    }
}

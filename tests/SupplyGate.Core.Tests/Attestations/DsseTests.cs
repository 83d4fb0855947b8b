using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SupplyGate.Core.Attestations;
using SupplyGate.Core.Attestations.Dsse;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Tests.Attestations;

[Trait("Category", "unit")]
public sealed class DsseTests(AttestationTestPki pki) : IClassFixture<AttestationTestPki>
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes(
        """{"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":"aa"}}],"predicateType":"p"}""");

    [Fact]
    public void SignVerify_RoundTrip_ThroughJson()
    {
        DsseEnvelope envelope = DsseSigner.Sign(InTotoStatement.PayloadType, Payload, pki.Ca.LeafKey);

        DsseEnvelope read = DsseEnvelopeSerializer.Read(DsseEnvelopeSerializer.Write(envelope));
        ReadOnlyMemory<byte> verified = DsseVerifier.Verify(read, pki.Ca.Leaf);

        Assert.Equal(Payload, verified.ToArray());
        Assert.Equal(InTotoStatement.PayloadType, read.PayloadType);
    }

    [Fact]
    public void Signature_IsDerEncodedEcdsa()
    {
        DsseEnvelope envelope = DsseSigner.Sign("t", Payload, pki.Ca.LeafKey);
        byte[] sig = envelope.Signatures[0].Signature.ToArray();

        // SEQUENCE { INTEGER r, INTEGER s }: never the 64-byte P1363 form sigstore-js rejects (docs/architecture.md spec 0.3).
        Assert.Equal(0x30, sig[0]);
        Assert.NotEqual(64, sig.Length);
    }

    [Fact]
    public void Tamper_PayloadByte_Fails()
    {
        DsseEnvelope envelope = DsseSigner.Sign(InTotoStatement.PayloadType, Payload, pki.Ca.LeafKey);
        byte[] payload = envelope.Payload.ToArray();
        payload[10] ^= 0x01;

        AssertSignatureFails(envelope with { Payload = payload });
    }

    [Fact]
    public void Tamper_SignatureByte_Fails()
    {
        DsseEnvelope envelope = DsseSigner.Sign(InTotoStatement.PayloadType, Payload, pki.Ca.LeafKey);
        byte[] sig = envelope.Signatures[0].Signature.ToArray();
        sig[^1] ^= 0x01;

        AssertSignatureFails(envelope with { Signatures = [new DsseSignature(sig)] });
    }

    [Fact]
    public void Tamper_PayloadType_Fails()
    {
        DsseEnvelope envelope = DsseSigner.Sign(InTotoStatement.PayloadType, Payload, pki.Ca.LeafKey);

        AssertSignatureFails(envelope with { PayloadType = "application/vnd.in-toto.other+json" });
    }

    [Fact]
    public void TwoSignatures_Fail_EvenWhenBothAreValid()
    {
        DsseEnvelope envelope = DsseSigner.Sign(InTotoStatement.PayloadType, Payload, pki.Ca.LeafKey);
        DsseEnvelope again = DsseSigner.Sign(InTotoStatement.PayloadType, Payload, pki.Ca.LeafKey);

        AssertSignatureFails(envelope with { Signatures = [envelope.Signatures[0], again.Signatures[0]] });
        AssertSignatureFails(envelope with { Signatures = [] });
    }

    [Fact]
    public void WrongKey_Fails()
    {
        DsseEnvelope envelope = DsseSigner.Sign(InTotoStatement.PayloadType, Payload, pki.Ca.LeafKey);

        var ex = Assert.Throws<VerificationFailedException>(() => DsseVerifier.Verify(envelope, pki.Ca.TimestampAuthority));
        Assert.Equal(VerificationCheck.Signature, ex.Check);
    }

    [Fact]
    public void Read_AcceptsUrlSafeBase64_AndWritesStandard()
    {
        byte[] payload = [0xfb, 0xff, 0xfe];
        string json = """{"payload":"-__-","payloadType":"t","signatures":[{"keyid":"k","sig":"_w"}]}""";

        DsseEnvelope envelope = DsseEnvelopeSerializer.Read(Encoding.UTF8.GetBytes(json));

        Assert.Equal(payload, envelope.Payload.ToArray());
        Assert.Equal(new byte[] { 0xff }, envelope.Signatures[0].Signature.ToArray());
        Assert.Equal("k", envelope.Signatures[0].KeyId);
        using JsonDocument written = JsonDocument.Parse(DsseEnvelopeSerializer.Write(envelope));
        Assert.Equal("+//+", written.RootElement.GetProperty("payload").GetString());
    }

    [Theory]
    [InlineData("""{"payloadType":"t","signatures":[]}""")]
    [InlineData("""{"payload":"","signatures":[]}""")]
    [InlineData("""{"payload":"","payloadType":"t"}""")]
    [InlineData("""{"payload":"!!!","payloadType":"t","signatures":[]}""")]
    [InlineData("""{"payload":"","payloadType":"t","signatures":[{"keyid":"k"}]}""")]
    public void Read_RejectsMissingRequiredMembers(string json)
    {
        var ex = Assert.Throws<InvalidInputException>(() => DsseEnvelopeSerializer.Read(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(DiagnosticCode.AttestationMalformed, ex.Code);
    }

    [Fact]
    public void RsaPkcs1Sha256_SignsAndVerifies()
    {
        using var rsa = RSA.Create(2048);
        using var signer = new RsaSigner(RSA.Create(rsa.ExportParameters(true)));
        DsseEnvelope envelope = DsseSigner.Sign("t", Payload, signer);
        using SignatureVerifier verifier = SignatureVerifier.ForSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo());

        Assert.Equal(Payload, DsseVerifier.Verify(envelope, verifier).ToArray());
        Assert.Equal(SigningAlgorithm.RsaPkcs1Sha256, signer.Algorithm);
    }

    [Fact]
    public void P384_SignsWithSha256ByDefault()
    {
        using var signer = new EcdsaSigner(ECDsa.Create(ECCurve.NamedCurves.nistP384));
        DsseEnvelope envelope = DsseSigner.Sign("t", Payload, signer);
        using SignatureVerifier verifier = SignatureVerifier.ForSubjectPublicKeyInfo(signer.ExportSubjectPublicKeyInfo());

        Assert.Equal(SigningAlgorithm.EcdsaP384Sha256, signer.Algorithm);
        Assert.Equal(Payload, DsseVerifier.Verify(envelope, verifier).ToArray());
    }

    private void AssertSignatureFails(DsseEnvelope envelope)
    {
        var ex = Assert.Throws<VerificationFailedException>(() => DsseVerifier.Verify(envelope, pki.Ca.Leaf));
        Assert.Equal(VerificationCheck.Signature, ex.Check);
        Assert.Equal(DiagnosticCode.SignatureInvalid, ex.Code);
    }
}

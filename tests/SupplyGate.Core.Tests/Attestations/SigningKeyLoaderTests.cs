using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Attestations;

[Trait("Category", "unit")]
public sealed class SigningKeyLoaderTests(AttestationTestPki pki) : IClassFixture<AttestationTestPki>
{
    private static readonly byte[] Data = "signed bytes"u8.ToArray();

    [Fact]
    public void Pkcs8Pem_WithCertificate_PairsLeafAndKey()
    {
        string pem = pki.Ca.LeafKey.ExportPkcs8Pem() + "\n" + pki.Ca.Leaf.ExportCertificatePem() + "\n" + pki.Ca.Intermediate.ExportCertificatePem();

        using SigningKey key = SigningKeyLoader.LoadPem(pem);

        Assert.Equal(SigningAlgorithm.EcdsaP256Sha256, key.Signer.Algorithm);
        Assert.Equal(pki.Ca.Leaf.RawData, key.Certificate!.RawData);
        Assert.Single(key.OtherCertificates);
        AssertSignsFor(key.Signer, pki.Ca.Leaf);
    }

    [Fact]
    public void SecEcPrivateKeyPem()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using SigningKey key = SigningKeyLoader.LoadPem(ec.ExportECPrivateKeyPem());

        Assert.Null(key.Certificate);
        Assert.Equal(ec.ExportSubjectPublicKeyInfo(), key.Signer.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void RsaPkcs1Pem_AndRsaPkcs8Pem()
    {
        using var rsa = RSA.Create(2048);

        using SigningKey pkcs1 = SigningKeyLoader.LoadPem(rsa.ExportRSAPrivateKeyPem());
        using SigningKey pkcs8 = SigningKeyLoader.LoadPem(rsa.ExportPkcs8PrivateKeyPem());

        Assert.Equal(SigningAlgorithm.RsaPkcs1Sha256, pkcs1.Signer.Algorithm);
        Assert.Equal(SigningAlgorithm.RsaPkcs1Sha256, pkcs8.Signer.Algorithm);
    }

    [Fact]
    public void EncryptedPkcs8Pem_NeedsThePassword()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string pem = ec.ExportEncryptedPkcs8PrivateKeyPem("s3cret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000));

        using SigningKey key = SigningKeyLoader.LoadPem(pem, "s3cret");

        Assert.Equal(ec.ExportSubjectPublicKeyInfo(), key.Signer.ExportSubjectPublicKeyInfo());
        Assert.Equal(DiagnosticCode.SigningKeyInvalid, Assert.Throws<InvalidInputException>(() => SigningKeyLoader.LoadPem(pem)).Code);
        Assert.Equal(DiagnosticCode.SigningKeyInvalid, Assert.Throws<InvalidInputException>(() => SigningKeyLoader.LoadPem(pem, "wrong")).Code);
    }

    [Fact]
    public void Pkcs12File_WithPassword()
    {
        using var dir = new TempDirectory("sg-keys");
        byte[] pfx = Pkcs12("p12pass");
        string path = dir.Combine("signing.p12");
        File.WriteAllBytes(path, pfx);

        using SigningKey key = SigningKeyLoader.LoadFile(path, "p12pass");

        Assert.Equal(pki.Ca.Leaf.RawData, key.Certificate!.RawData);
        AssertSignsFor(key.Signer, pki.Ca.Leaf);
        var wrong = Assert.Throws<InvalidInputException>(() => SigningKeyLoader.LoadFile(path, "nope"));
        Assert.Equal(path, wrong.Path);
    }

    [Fact]
    public void EnvironmentText_PemOrBase64()
    {
        string pem = pki.Ca.LeafKey.ExportPkcs8Pem() + "\n" + pki.Ca.Leaf.ExportCertificatePem();

        using SigningKey fromPem = SigningKeyLoader.LoadText(pem);
        using SigningKey fromBase64Pem = SigningKeyLoader.LoadText(Convert.ToBase64String(Encoding.UTF8.GetBytes(pem)));
        using SigningKey fromBase64Pfx = SigningKeyLoader.LoadText(Convert.ToBase64String(Pkcs12("x")), "x");

        Assert.All(new[] { fromPem, fromBase64Pem, fromBase64Pfx }, k => Assert.Equal(pki.Ca.Leaf.RawData, k.Certificate!.RawData));
    }

    [Fact]
    public void PemFile_ReadFromDevelopmentCaOutput()
    {
        using var dir = new TempDirectory("sg-keys");
        DevelopmentCaFiles files = pki.Ca.WriteTo(dir.Path);

        using SigningKey key = SigningKeyLoader.LoadFile(files.SigningKey);

        AssertSignsFor(key.Signer, pki.Ca.Leaf);
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----\n")]
    public void Garbage_IsRejectedWithSG5003(string text)
    {
        var ex = Assert.Throws<InvalidInputException>(() => SigningKeyLoader.LoadText(text));
        Assert.Equal(DiagnosticCode.SigningKeyInvalid, ex.Code);
    }

    [Fact]
    public void KeyWithSomeoneElsesCertificate_IsRejected()
    {
        string pem = pki.Ca.LeafKey.ExportPkcs8Pem() + "\n" + pki.Ca.TimestampAuthority.ExportCertificatePem();

        var ex = Assert.Throws<InvalidInputException>(() => SigningKeyLoader.LoadPem(pem));
        Assert.Contains("public key", ex.Message, StringComparison.Ordinal);
    }

    private byte[] Pkcs12(string password)
    {
        using var ec = ECDsa.Create();
        ec.ImportFromPem(pki.Ca.LeafKey.ExportPkcs8Pem());
        using X509Certificate2 withKey = pki.Ca.Leaf.CopyWithPrivateKey(ec);
        var collection = new X509Certificate2Collection { withKey, pki.Ca.Intermediate };
        return collection.Export(X509ContentType.Pkcs12, password)!;
    }

    private static void AssertSignsFor(ISigner signer, X509Certificate2 certificate)
    {
        using SignatureVerifier verifier = SignatureVerifier.ForCertificate(certificate);
        Assert.True(verifier.Verify(Data, signer.Sign(Data)));
    }
}

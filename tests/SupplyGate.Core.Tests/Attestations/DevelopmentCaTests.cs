using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SupplyGate.Core.Attestations;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Attestations;

[Trait("Category", "unit")]
public sealed class DevelopmentCaTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CaInit_WritesFilesThatLoadAndChain()
    {
        using var dir = new TempDirectory("sg-ca");
        using DevelopmentCa ca = Create();

        DevelopmentCaFiles files = ca.WriteTo(dir.Path);

        TrustedRoot root = TrustedRootReader.ReadFile(files.TrustedRoot);
        using X509Certificate2 leaf = X509CertificateLoader.LoadCertificateFromFile(files.SigningCertificate);
        VerifiedChain chain = CertificateChainVerifier.Verify(leaf, root.CertificateAuthorities, Now.AddDays(1));
        Assert.Equal(3, chain.Path.Count);
        CodeSigningUsageCheck.Verify(chain);
        using SigningKey key = SigningKeyLoader.LoadFile(files.SigningKey);
        Assert.Equal(leaf.PublicKey.ExportSubjectPublicKeyInfo(), key.Signer.ExportSubjectPublicKeyInfo());
        Assert.Contains("NOT FOR PRODUCTION", File.ReadAllText(Path.Combine(dir.Path, "README.txt")), StringComparison.Ordinal);
        foreach (string pem in new[] { files.RootCertificate, files.IntermediateCertificate, files.TimestampAuthorityCertificate })
        {
            using X509Certificate2 certificate = X509CertificateLoader.LoadCertificateFromFile(pem);
            Assert.Contains("O=SupplyGate Development", certificate.Subject, StringComparison.Ordinal);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.SigningKey));
        }
    }

    [Fact]
    public void TrustedRootJson_HasExactMediaType_AndTheSpecifiedShape()
    {
        using var dir = new TempDirectory("sg-ca");
        using DevelopmentCa ca = Create();
        DevelopmentCaFiles files = ca.WriteTo(dir.Path);

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(files.TrustedRoot));
        JsonElement json = doc.RootElement;

        Assert.Equal("application/vnd.dev.sigstore.trustedroot+json;version=0.1", json.GetProperty("mediaType").GetString());
        Assert.Equal(0, json.GetProperty("tlogs").GetArrayLength());
        Assert.Equal(0, json.GetProperty("ctlogs").GetArrayLength());
        JsonElement authority = json.GetProperty("certificateAuthorities").EnumerateArray().Single();
        Assert.Equal("SupplyGate Development", authority.GetProperty("subject").GetProperty("organization").GetString());
        JsonElement[] chain = authority.GetProperty("certChain").GetProperty("certificates").EnumerateArray().ToArray();
        Assert.Equal(Convert.ToBase64String(ca.Intermediate.RawData), chain[0].GetProperty("rawBytes").GetString());
        Assert.Equal(Convert.ToBase64String(ca.Root.RawData), chain[1].GetProperty("rawBytes").GetString());
        Assert.Equal(ca.Intermediate.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), authority.GetProperty("validFor").GetProperty("start").GetString());
        JsonElement tsa = json.GetProperty("timestampAuthorities").EnumerateArray().Single();
        JsonElement[] tsaChain = tsa.GetProperty("certChain").GetProperty("certificates").EnumerateArray().ToArray();
        Assert.Equal(3, tsaChain.Length);
        Assert.Equal(Convert.ToBase64String(ca.TimestampAuthority.RawData), tsaChain[0].GetProperty("rawBytes").GetString());
    }

    [Fact]
    public void TrustedRoot_ValidatesItsOwnChains()
    {
        using DevelopmentCa ca = Create();

        // Each authority's chain verifies to its own last certificate: the anchor really is the root.
        foreach (CertificateAuthority authority in ca.TrustedRoot.CertificateAuthorities.Concat(ca.TrustedRoot.TimestampAuthorities))
        {
            using X509Certificate2 first = X509CertificateLoader.LoadCertificate(authority.CertChain[0].Span);
            VerifiedChain chain = CertificateChainVerifier.Verify(first, [authority], Now.AddHours(1));
            Assert.Equal(authority.CertChain[^1].ToArray(), chain.Path[^1].ToArray());
        }
    }

    [Fact]
    public void Leaf_CarriesCodeSigning_DigitalSignature_AndTheSanIdentity()
    {
        using DevelopmentCa ca = Create("builder@acme.example");

        Assert.Equal([CodeSigningUsageCheck.CodeSigningOid], CodeSigningUsageCheck.ExtendedKeyUsages(ca.Leaf));
        X509KeyUsageExtension usage = ca.Leaf.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, usage.KeyUsages);
        Assert.Equal(new SubjectAlternativeName(SubjectAlternativeNameKind.Email, "builder@acme.example"), SubjectAlternativeNames.Read(ca.Leaf).Single());
        Assert.False(ca.Leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal("ECDsa", ca.Leaf.GetKeyAlgorithmParameters() is null ? "" : "ECDsa");
        Assert.Equal(256, ca.Leaf.GetECDsaPublicKey()!.KeySize);
    }

    [Fact]
    public void Intermediate_PathLenZero_AndTsa_TimeStampingCritical()
    {
        using DevelopmentCa ca = Create();

        X509BasicConstraintsExtension constraints = ca.Intermediate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(0, constraints.PathLengthConstraint);
        X509EnhancedKeyUsageExtension tsaEku = ca.TimestampAuthority.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.True(tsaEku.Critical);
        Assert.Equal([CodeSigningUsageCheck.TimeStampingOid], CodeSigningUsageCheck.ExtendedKeyUsages(ca.TimestampAuthority));
    }

    [Fact]
    public void IntermediateWithoutEku_StillAllowsCodeSigning()
    {
        using DevelopmentCa ca = DevelopmentCa.Create(new DevelopmentCaOptions { NotBefore = Now, IntermediateExtendedKeyUsage = false }, TimeProvider.System);

        Assert.Null(CodeSigningUsageCheck.ExtendedKeyUsages(ca.Intermediate));
        CodeSigningUsageCheck.Verify(CertificateChainVerifier.Verify(ca.Leaf, ca.TrustedRoot.CertificateAuthorities, Now.AddDays(1)));
    }

    [Fact]
    public void LeafWithoutCodeSigning_FailsTheEkuCheck()
    {
        using DevelopmentCa ca = Create();
        (X509Certificate2 leaf, EcdsaSigner key) = ca.IssueCodeSigningLeaf("https://acme.example/ci", Now, Now.AddDays(1), withCodeSigningEku: false);
        using (leaf)
        using (key)
        {
            VerifiedChain chain = CertificateChainVerifier.Verify(leaf, ca.TrustedRoot.CertificateAuthorities, Now.AddHours(1));

            var ex = Assert.Throws<VerificationFailedException>(() => CodeSigningUsageCheck.Verify(chain));
            Assert.Equal(VerificationCheck.CodeSigningUsage, ex.Check);
            Assert.Equal(DiagnosticCode.CertificateUsageInvalid, ex.Code);
        }
    }

    [Fact]
    public void Chain_FailsOutsideValidity_AndForAForeignCa()
    {
        using DevelopmentCa ca = Create();
        using DevelopmentCa other = Create();

        Assert.Equal(VerificationCheck.CertificateChain, Assert.Throws<VerificationFailedException>(
            () => CertificateChainVerifier.Verify(ca.Leaf, ca.TrustedRoot.CertificateAuthorities, Now.AddYears(2))).Check);
        Assert.Equal(VerificationCheck.CertificateChain, Assert.Throws<VerificationFailedException>(
            () => CertificateChainVerifier.Verify(ca.Leaf, ca.TrustedRoot.CertificateAuthorities, Now.AddDays(-1))).Check);
        var foreign = Assert.Throws<VerificationFailedException>(
            () => CertificateChainVerifier.Verify(ca.Leaf, other.TrustedRoot.CertificateAuthorities, Now.AddDays(1)));
        Assert.Equal(DiagnosticCode.CertificateNotTrusted, foreign.Code);
    }

    [Fact]
    public void Identity_ExactAndAnchoredPattern()
    {
        using DevelopmentCa ca = Create("https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main");

        Assert.Equal(SubjectAlternativeNameKind.Uri, CertificateIdentityPolicy.Exact("https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main").Verify(ca.Leaf).Kind);
        CertificateIdentityPolicy.Pattern(@"https://github\.com/acme/.*").Verify(ca.Leaf);
        Assert.Throws<VerificationFailedException>(() => CertificateIdentityPolicy.Exact("https://github.com/acme/app").Verify(ca.Leaf));

        // Anchored: a pattern matching only part of the SAN does not pass.
        var ex = Assert.Throws<VerificationFailedException>(() => CertificateIdentityPolicy.Pattern("acme").Verify(ca.Leaf));
        Assert.Equal(VerificationCheck.Identity, ex.Check);
        Assert.Contains("release.yml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RejectsIdentityThatIsNeitherUriNorEmail()
    {
        var ex = Assert.Throws<InvalidInputException>(() => DevelopmentCa.Create(new DevelopmentCaOptions { SignerIdentity = "just a name" }, TimeProvider.System));
        Assert.Equal(DiagnosticCode.SigningKeyInvalid, ex.Code);
    }

    [Fact]
    public void ValidityIsConfigurable_AndFollowsTheTimeProvider()
    {
        var options = new DevelopmentCaOptions { LeafLifetime = TimeSpan.FromHours(2) };
        using DevelopmentCa ca = DevelopmentCa.Create(options, new FixedTime(Now));

        Assert.Equal(Now.AddMinutes(-5), new DateTimeOffset(ca.Leaf.NotBefore.ToUniversalTime()));
        Assert.Equal(Now.AddMinutes(-5).AddHours(2), new DateTimeOffset(ca.Leaf.NotAfter.ToUniversalTime()));
    }

    private static DevelopmentCa Create(string identity = "https://acme.example/signer") =>
        DevelopmentCa.Create(new DevelopmentCaOptions { SignerIdentity = identity, NotBefore = Now }, TimeProvider.System);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

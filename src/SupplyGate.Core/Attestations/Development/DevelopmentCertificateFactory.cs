using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Attestations.Trust;

namespace SupplyGate.Core.Attestations.Development;

/// <summary>
/// Builds the development PKI's certificates with the platform's CertificateRequest (docs/architecture.md decision 7): all
/// ECDSA P-256 signed with SHA-256. Every subject says "SupplyGate Development / Not for production use".
/// </summary>
internal static class DevelopmentCertificateFactory
{
    public const string Organization = "SupplyGate Development";
    private const string NotForProduction = "Not for production use";

    public static X500DistinguishedName Name(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationName(Organization);
        builder.AddOrganizationalUnitName(NotForProduction);
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    public static X509Certificate2 CreateRoot(string commonName, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest(Name(commonName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return Strip(request.CreateSelfSigned(notBefore, notAfter));
    }

    public static X509Certificate2 CreateIntermediate(
        string commonName, ECDsa key, X509Certificate2 issuer, ECDsa issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter, bool withEku)
    {
        var request = new CertificateRequest(Name(commonName), key, HashAlgorithmName.SHA256);

        // pathLen 0: this CA issues end-entity certificates only.
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority(0));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        if (withEku)
        {
            request.CertificateExtensions.Add(Eku(critical: false, CodeSigningUsageCheck.CodeSigningOid, CodeSigningUsageCheck.TimeStampingOid));
        }

        return Issue(request, issuer, issuerKey, notBefore, notAfter);
    }

    /// <summary>A code-signing leaf: KU digitalSignature, EKU codeSigning (unless told otherwise), SAN identity.</summary>
    public static X509Certificate2 CreateCodeSigningLeaf(
        string identity, ECDsa key, X509Certificate2 issuer, ECDsa issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter, bool withCodeSigningEku = true)
    {
        var request = new CertificateRequest(Name("SupplyGate Development Code Signing"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForEndEntity(critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        if (withCodeSigningEku)
        {
            request.CertificateExtensions.Add(Eku(critical: false, CodeSigningUsageCheck.CodeSigningOid));
        }

        var san = new SubjectAlternativeNameBuilder();
        if (identity.Contains("://", StringComparison.Ordinal))
        {
            san.AddUri(new Uri(identity, UriKind.Absolute));
        }
        else if (identity.Contains('@', StringComparison.Ordinal))
        {
            san.AddEmailAddress(identity);
        }
        else
        {
            throw new ArgumentException($"The signer identity '{identity}' is neither a URI nor an email address.", nameof(identity));
        }

        request.CertificateExtensions.Add(san.Build());
        return Issue(request, issuer, issuerKey, notBefore, notAfter);
    }

    /// <summary>A TSA certificate: EKU timeStamping alone and critical, as RFC 3161 §2.3 (and openssl ts) require.</summary>
    public static X509Certificate2 CreateTimestampAuthority(
        string commonName, ECDsa key, X509Certificate2 issuer, ECDsa issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest(Name(commonName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForEndEntity(critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(Eku(critical: true, CodeSigningUsageCheck.TimeStampingOid));
        return Issue(request, issuer, issuerKey, notBefore, notAfter);
    }

    private static X509Certificate2 Issue(CertificateRequest request, X509Certificate2 issuer, ECDsa issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        // A child must not outlive its issuer: path validation would reject it at the end of its life.
        DateTimeOffset end = notAfter < issuer.NotAfter ? notAfter : new DateTimeOffset(issuer.NotAfter.ToUniversalTime());
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, end, Serial());
    }

    private static X509EnhancedKeyUsageExtension Eku(bool critical, params string[] oids)
    {
        var collection = new OidCollection();
        foreach (string oid in oids)
        {
            collection.Add(new Oid(oid));
        }

        return new X509EnhancedKeyUsageExtension(collection, critical);
    }

    // 16 random bytes, top bit clear so the INTEGER is positive (RFC 5280 §4.1.2.2: at most 20 octets).
    private static byte[] Serial()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }

    // CreateSelfSigned returns a certificate bound to the key; keep public certificates key-free.
    private static X509Certificate2 Strip(X509Certificate2 withKey)
    {
        using (withKey)
        {
            return X509CertificateLoader.LoadCertificate(withKey.RawData);
        }
    }
}

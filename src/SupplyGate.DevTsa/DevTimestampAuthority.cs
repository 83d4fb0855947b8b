using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.Utilities.Collections;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace SupplyGate.DevTsa;

/// <summary>
/// The development TSA's BouncyCastle adapter (docs/attestations.md "Cryptography"): answers RFC 3161
/// <c>TimeStampReq</c>s with DER <c>TimeStampResp</c>s signed by an ECDSA TSA key with SHA-256 (ECDSA because
/// sigstore-js knows only ECDSA signature OIDs for timestamps). The platform can verify and request timestamps but
/// has no generator, which is the only reason BouncyCastle is here; no other type of this project touches it.
/// <para>
/// BouncyCastle.Cryptography (the maintained 2.x line) parses the REQUEST here. That request is our own client's
/// or a local developer's, sent to a server bound to 127.0.0.1, and nothing on the verify path reaches this type.
/// </para>
/// </summary>
public sealed class DevTimestampAuthority
{
    /// <summary>
    /// The development TSA policy, an X.667 UUID OID (2.25.&lt;uuid&gt;) so it needs no registration and can never
    /// be mistaken for a production TSA's policy.
    /// </summary>
    public const string DefaultPolicyOid = "2.25.151440223643263569522264833870592355345";

    /// <summary>A TimeStampReq is about a hundred bytes; a request far larger is refused before parsing.</summary>
    public const int MaxRequestBytes = 16 * 1024;

    private readonly TimeStampResponseGenerator _generator;
    private readonly TimeProvider _timeProvider;
    private readonly object _gate = new();

    /// <param name="certificate">
    /// The TSA certificate with its ECDSA private key; it must carry the critical EKU id-kp-timeStamping
    /// (RFC 3161 §2.3). The development CA issues one (<c>supplygate ca init</c>).
    /// </param>
    /// <param name="timeProvider">The clock genTime is read from.</param>
    /// <param name="chain">Intermediates (and optionally the root) to embed after the leaf when certReq is set.</param>
    /// <param name="policyOid">The TSA policy written into every token.</param>
    public DevTimestampAuthority(
        X509Certificate2 certificate,
        TimeProvider timeProvider,
        IReadOnlyList<X509Certificate2>? chain = null,
        string policyOid = DefaultPolicyOid)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrEmpty(policyOid);
        _timeProvider = timeProvider;
        Certificate = certificate;

        AsymmetricKeyParameter privateKey = ToBouncyCastleKey(certificate);
        var parser = new X509CertificateParser();
        BcCertificate tsaCertificate = parser.ReadCertificate(certificate.RawData);
        var embedded = new List<BcCertificate> { tsaCertificate };
        embedded.AddRange((chain ?? []).Select(c => parser.ReadCertificate(c.RawData)));

        SignerInfoGenerator signerInfo = new SignerInfoGeneratorBuilder()
            .Build(new Asn1SignatureFactory("SHA256WITHECDSA", privateKey), tsaCertificate);
        TimeStampTokenGenerator tokenGenerator;
        try
        {
            // SHA-256 for the ESS certificate id makes BouncyCastle write signingCertificateV2 (RFC 5816), which
            // the platform's verifier checks; issuerSerial included so verifiers can match without the certificate.
            tokenGenerator = new TimeStampTokenGenerator(
                signerInfo,
                Asn1DigestFactory.Get(NistObjectIdentifiers.IdSha256),
                new DerObjectIdentifier(policyOid),
                isIssuerSerialIncluded: true);
        }
        catch (TspValidationException e)
        {
            throw new ArgumentException(
                $"'{certificate.Subject}' cannot sign timestamps: {e.Message} (RFC 3161 §2.3 needs a critical EKU id-kp-timeStamping).",
                nameof(certificate),
                e);
        }

        tokenGenerator.SetCertificates(CollectionUtilities.CreateStore(embedded));
        // RFC 3161 §2.4.2 accuracy: genTime comes from the local clock, good to a second.
        tokenGenerator.SetAccuracySeconds(1);

        _generator = new TimeStampResponseGenerator(
            tokenGenerator,
            new List<string> { TspAlgorithms.Sha256, TspAlgorithms.Sha384, TspAlgorithms.Sha512 },
            new List<string> { policyOid });
    }

    /// <summary>The TSA signing certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// Answers one DER <c>TimeStampReq</c> with a DER <c>TimeStampResp</c>: granted with a token, or a rejection
    /// with its PKIFailureInfo (badDataFormat for an unreadable request, badAlg / unacceptedPolicy from the checks).
    /// Never throws for a bad request: the requester gets the protocol's own answer.
    /// </summary>
    public byte[] Respond(ReadOnlySpan<byte> requestDer)
    {
        if (requestDer.Length > MaxRequestBytes)
        {
            return Reject(PkiFailureInfo.BadDataFormat, "request too large");
        }

        TimeStampRequest request;
        try
        {
            request = new TimeStampRequest(requestDer.ToArray());
        }
#pragma warning disable CA1031 // BouncyCastle signals a malformed request with many unrelated exception types.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Reject(PkiFailureInfo.BadDataFormat, $"malformed TimeStampReq: {e.Message}");
        }

        lock (_gate)
        {
            // The generator keeps per-response state (status strings), so one response at a time.
            try
            {
                DateTime genTime = _timeProvider.GetUtcNow().UtcDateTime;
                return _generator.Generate(request, NextSerialNumber(), genTime).GetEncoded();
            }
            catch (TspException e)
            {
                return Reject(PkiFailureInfo.SystemFailure, e.Message);
            }
        }
    }

    private byte[] Reject(int failInfo, string reason)
    {
        lock (_gate)
        {
            return _generator.GenerateFailResponse(PkiStatus.Rejection, failInfo, reason).GetEncoded();
        }
    }

    /// <summary>
    /// RFC 3161 §2.4.2: serials must be unique per TSA and up to 160 bits. 128 random bits are unique without
    /// any state to keep between runs of a development TSA.
    /// </summary>
    private static BcBigInteger NextSerialNumber() => new(1, RandomNumberGenerator.GetBytes(16));

    private static AsymmetricKeyParameter ToBouncyCastleKey(X509Certificate2 certificate)
    {
        using ECDsa key = certificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException(
                $"The TSA certificate '{certificate.Subject}' needs an ECDSA private key (sigstore-js verifies ECDSA timestamps only).",
                nameof(certificate));
        // PKCS#8 is the one key format both libraries share; this is our own key, never outside input.
        return PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey());
    }
}

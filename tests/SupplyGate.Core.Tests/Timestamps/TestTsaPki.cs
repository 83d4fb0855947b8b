using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Timestamps;

namespace SupplyGate.Core.Tests.Timestamps;

/// <summary>
/// A throwaway root and TSA leaf made with CertificateRequest (ECDSA P-256), independent of the development CA.
/// </summary>
internal sealed class TestTsaPki : IDisposable
{
    public const string TimeStampingOid = "1.3.6.1.5.5.7.3.8";

    private TestTsaPki(X509Certificate2 root, X509Certificate2 tsa)
    {
        Root = root;
        Tsa = tsa;
    }

    public X509Certificate2 Root { get; }

    /// <summary>The TSA leaf, with its private key.</summary>
    public X509Certificate2 Tsa { get; }

    /// <summary>The leaf without its key, as a trusted root lists it.</summary>
    public X509Certificate2 TsaPublic => X509CertificateLoader.LoadCertificate(Tsa.RawData);

    public static TestTsaPki Create(
        string name = "Test",
        bool timeStampingEku = true,
        bool ekuCritical = true,
        DateTimeOffset? leafNotBefore = null,
        DateTimeOffset? leafNotAfter = null)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using ECDsa rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest($"CN={name} TSA Root, O=SupplyGate Tests", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        DateTimeOffset rootNotBefore = (leafNotBefore is { } nb && nb < now ? nb : now).AddDays(-30);
        X509Certificate2 root = rootRequest.CreateSelfSigned(rootNotBefore, now.AddYears(5));

        using ECDsa tsaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var tsaRequest = new CertificateRequest($"CN={name} TSA, O=SupplyGate Tests", tsaKey, HashAlgorithmName.SHA256);
        tsaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        tsaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        tsaRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(timeStampingEku ? TimeStampingOid : "1.3.6.1.5.5.7.3.3")], ekuCritical));
        tsaRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(tsaRequest.PublicKey, false));
        tsaRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using X509Certificate2 tsaPublic = tsaRequest.Create(
            root,
            leafNotBefore ?? now.AddDays(-1),
            leafNotAfter ?? now.AddYears(1),
            RandomNumberGenerator.GetBytes(12));
        return new TestTsaPki(root, tsaPublic.CopyWithPrivateKey(tsaKey));
    }

    public TimestampAuthority Authority(DateTimeOffset? validFrom = null, DateTimeOffset? validUntil = null) =>
        new([TsaPublic, Root], validFrom, validUntil);

    public void Dispose()
    {
        Root.Dispose();
        Tsa.Dispose();
    }
}

/// <summary>An HttpMessageHandler that answers every request with a fixed response or a function of the body.</summary>
internal sealed class FakeTsaHandler(Func<byte[], HttpResponseMessage> respond) : HttpMessageHandler
{
    public string? LastContentType { get; private set; }

    public static FakeTsaHandler Fixed(HttpStatusCode status, string mediaType, string body) =>
        new(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
            return response;
        });

    public static FakeTsaHandler Reply(Func<byte[], byte[]> answer) =>
        new(body =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(answer(body)) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(TimestampMediaTypes.Reply);
            return response;
        });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastContentType = request.Content?.Headers.ContentType?.MediaType;
        byte[] body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        return respond(body);
    }
}

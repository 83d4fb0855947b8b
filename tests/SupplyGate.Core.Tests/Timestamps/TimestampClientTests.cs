using System.Formats.Asn1;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using SupplyGate.Core.Timestamps;
using SupplyGate.DevTsa;

namespace SupplyGate.Core.Tests.Timestamps;

[Trait("Category", "integration")]
public sealed class TimestampClientTests : IDisposable
{
    private static readonly Uri AnyUrl = new("http://tsa.invalid/");
    private readonly TestTsaPki _pki = TestTsaPki.Create("Client");
    private readonly byte[] _signature = RandomNumberGenerator.GetBytes(70);

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task ClientAgainstDevTsaServer_StoresTheFullResponse_WhichVerifies()
    {
        var tsa = new DevTimestampAuthority(_pki.Tsa, TimeProvider.System);
        await using DevTimestampServer server = DevTimestampServer.Start(tsa);
        using var http = new HttpClient();

        TimestampResponse response = await new TimestampClient(http).RequestAsync(server.Url, _signature);

        // docs/architecture.md spec 0.6: the stored bytes are the TimeStampResp (a SEQUENCE whose first element is the
        // PKIStatusInfo SEQUENCE), not the bare token (whose first element is an OID).
        var outer = new AsnReader(response.Der, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal(Asn1Tag.Sequence, outer.PeekTag());
        Assert.Equal(0, outer.ReadSequence().ReadInteger());
        Assert.Equal(Asn1Tag.Sequence, outer.PeekTag());
        Assert.Equal(_pki.Tsa.RawData, response.Info.TsaCertificate!.RawData);
        Assert.Equal(SHA256.HashData(_signature), response.Info.MessageImprint.ToArray());

        VerifiedTimestamp verified = new TimestampVerifier([_pki.Authority()]).Verify(response.Der, _signature);
        Assert.False(verified.WasBareToken);
        Assert.Equal(response.Info.GenTime, verified.GenTime);
        Assert.Equal(response.Info.SerialNumber, verified.Info.SerialNumber);
    }

    [Fact]
    public async Task Client_PostsATimestampQuery()
    {
        var tsa = new DevTimestampAuthority(_pki.Tsa, TimeProvider.System);
        var handler = FakeTsaHandler.Reply(query => tsa.Respond(query));
        using var http = new HttpClient(handler);

        await new TimestampClient(http).RequestAsync(AnyUrl, _signature);

        Assert.Equal(TimestampMediaTypes.Query, handler.LastContentType);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "text/html")]
    [InlineData(HttpStatusCode.OK, "text/html")]
    [InlineData(HttpStatusCode.NotFound, "application/timestamp-reply")]
    public async Task TsaUrlAnsweringWithAnErrorOrHtml_IsSG5105(HttpStatusCode status, string mediaType)
    {
        using var http = new HttpClient(FakeTsaHandler.Fixed(status, mediaType, "<html><body>Oops</body></html>"));

        TimestampException e = await Assert.ThrowsAsync<TimestampException>(
            () => new TimestampClient(http).RequestAsync(AnyUrl, _signature));

        Assert.Equal("SG5105", e.Code);
        Assert.Contains("tsa.invalid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectionFromTheTsa_IsSG5105_WithItsReason()
    {
        using var http = new HttpClient(FakeTsaHandler.Reply(_ => TimestampTestData.Rejection()));

        TimestampException e = await Assert.ThrowsAsync<TimestampException>(
            () => new TimestampClient(http).RequestAsync(AnyUrl, _signature));

        Assert.Equal("SG5105", e.Code);
        Assert.Contains("no thanks", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplyForAnotherRequest_IsSG5105()
    {
        // A replayed reply: valid, granted, but for another imprint and nonce.
        var tsa = new DevTimestampAuthority(_pki.Tsa, TimeProvider.System);
        byte[] stale = TimestampTestData.Stamp(tsa, RandomNumberGenerator.GetBytes(70));
        using var http = new HttpClient(FakeTsaHandler.Reply(_ => stale));

        TimestampException e = await Assert.ThrowsAsync<TimestampException>(
            () => new TimestampClient(http).RequestAsync(AnyUrl, _signature));

        Assert.Equal("SG5105", e.Code);
    }

    [Fact]
    public async Task BareTokenReply_IsSG5105()
    {
        var tsa = new DevTimestampAuthority(_pki.Tsa, TimeProvider.System);
        using var http = new HttpClient(FakeTsaHandler.Reply(query => TimestampTestData.TokenOf(tsa.Respond(query))));

        TimestampException e = await Assert.ThrowsAsync<TimestampException>(
            () => new TimestampClient(http).RequestAsync(AnyUrl, _signature));

        Assert.Equal("SG5105", e.Code);
        Assert.Contains("bare TimeStampToken", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableTsa_IsSG5105()
    {
        // A port nobody listens on: the server was started and stopped.
        var tsa = new DevTimestampAuthority(_pki.Tsa, TimeProvider.System);
        DevTimestampServer server = DevTimestampServer.Start(tsa);
        Uri url = server.Url;
        await server.StopAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        TimestampException e = await Assert.ThrowsAsync<TimestampException>(
            () => new TimestampClient(http).RequestAsync(url, _signature));

        Assert.Equal("SG5105", e.Code);
    }

    [Fact]
    public async Task NonHttpUrl_IsSG5105()
    {
        using var http = new HttpClient();

        TimestampException e = await Assert.ThrowsAsync<TimestampException>(
            () => new TimestampClient(http).RequestAsync(new Uri("file:///etc/passwd"), _signature));

        Assert.Equal("SG5105", e.Code);
    }

    [Theory]
    [InlineData("GET", null, HttpStatusCode.MethodNotAllowed)]
    [InlineData("PUT", "application/timestamp-query", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "application/octet-stream", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("POST", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("POST", null, HttpStatusCode.UnsupportedMediaType)]
    public async Task DevTsaServer_RefusesOtherMethodsAndContentTypes(string method, string? contentType, HttpStatusCode expected)
    {
        var tsa = new DevTimestampAuthority(_pki.Tsa, TimeProvider.System);
        await using DevTimestampServer server = DevTimestampServer.Start(tsa);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), server.Url);
        if (method != "GET")
        {
            request.Content = new ByteArrayContent([0x30, 0x00]);
            request.Content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        }

        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.NotEqual(TimestampMediaTypes.Reply, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task DevTsaServer_RefusesOversizedBodiesAndOtherPaths()
    {
        var tsa = new DevTimestampAuthority(_pki.Tsa, TimeProvider.System);
        await using DevTimestampServer server = DevTimestampServer.Start(tsa);
        using var http = new HttpClient();

        using var big = new ByteArrayContent(new byte[DevTimestampAuthority.MaxRequestBytes + 1]);
        big.Headers.ContentType = new MediaTypeHeaderValue(TimestampMediaTypes.Query);
        using HttpResponseMessage tooLarge = await http.PostAsync(server.Url, big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        using var small = new ByteArrayContent([0x30, 0x00]);
        small.Headers.ContentType = new MediaTypeHeaderValue(TimestampMediaTypes.Query);
        using HttpResponseMessage elsewhere = await http.PostAsync(new Uri(server.Url, "/other"), small);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task DevTsaServer_StopsCleanly()
    {
        var tsa = new DevTimestampAuthority(_pki.Tsa, TimeProvider.System);
        DevTimestampServer server = DevTimestampServer.Start(tsa);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await new TimestampClient(http).RequestAsync(server.Url, _signature);

        Task stop = server.StopAsync();
        Assert.Same(stop, await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(10))));
        await server.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(server.Url));
    }
}

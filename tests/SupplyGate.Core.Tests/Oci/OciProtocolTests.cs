using System.Text;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;
using SupplyGate.Core.Oci.Registry;

namespace SupplyGate.Core.Tests.Oci;

/// <summary>Pure pieces of the protocol: challenge parsing, fallback tags, upload URLs, config parsing.</summary>
[Trait("Category", "unit")]
public sealed class OciProtocolTests
{
    [Fact]
    public void AuthChallenge_BearerWithQuotedCommaScope_KeepsScopeWhole()
    {
        AuthChallenge? challenge = AuthChallenge.Parse("Bearer", "realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:team/app:pull,push\",error=\"insufficient_scope\"");

        Assert.NotNull(challenge);
        Assert.Equal("https://auth.example/token", challenge["realm"]);
        Assert.Equal("repository:team/app:pull,push", challenge["scope"]);
        Assert.Equal("insufficient_scope", challenge["error"]);
    }

    [Fact]
    public void FallbackTag_Sha256Subject_IsAlgorithmDashHex()
    {
        Digest subject = Digest.Sha256("x"u8);

        string tag = ReferrerOperations.FallbackTag(subject);

        Assert.Equal("sha256-" + subject.Encoded, tag);
    }

    [Fact]
    public void WithDigest_LocationWithState_AppendsDigestKeepingState()
    {
        var location = new Uri("http://localhost:5000/v2/a/blobs/uploads/0b1c?_state=abc%3D%3D");

        Uri put = BlobOperations.WithDigest(location, Digest.Sha256("x"u8));

        Assert.StartsWith("http://localhost:5000/v2/a/blobs/uploads/0b1c?_state=abc%3D%3D&digest=sha256%3A", put.AbsoluteUri);
    }

    [Fact]
    public void ParseConfig_EnvWithValues_KeepsNamesOnly()
    {
        byte[] config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","created":"2026-01-02T03:04:05Z","config":{"User":"1654","Env":["PATH=/bin","API_KEY=sk-live-123"],"ExposedPorts":{"8080/tcp":{}},"WorkingDir":"/app","Entrypoint":["/app/x"]},"rootfs":{"type":"layers","diff_ids":[]},"history":[{"created_by":"COPY","empty_layer":true}]}""");

        ImageConfig parsed = OciDocuments.ParseConfig(config, "test");

        Assert.Equal(["PATH", "API_KEY"], parsed.EnvNames);
        Assert.DoesNotContain("sk-live", parsed.ToString());
        Assert.Equal(["8080/tcp"], parsed.ExposedPorts);
        Assert.Equal("1654", parsed.User);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), parsed.Created);
        Assert.True(Assert.Single(parsed.History).EmptyLayer);
    }

    [Fact]
    public void RetryAfter_HttpDate_IsTimeUntilThatDate()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        TimeSpan? wait = RetryPolicy.RetryAfter(new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(42)), now);

        Assert.Equal(TimeSpan.FromSeconds(42), wait);
    }
}

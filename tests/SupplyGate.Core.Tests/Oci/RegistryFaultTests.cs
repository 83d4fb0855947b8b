using System.Diagnostics;
using System.Text;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Oci;

/// <summary>Hostile and faulty registries, each a small server in the test.</summary>
[Trait("Category", "integration")]
public sealed class RegistryFaultTests : IDisposable
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("the real blob content");
    private static readonly Digest ContentDigest = Digest.Sha256(Content);
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly TempDirectory _temp = new("sg-oci-fault");
    private readonly CancellationTokenSource _hang = new();

    [Fact]
    public async Task BlobDownload_ContentDoesNotMatchDigest_ThrowsSG1017AndWritesNothing()
    {
        byte[] lie = Encoding.UTF8.GetBytes("the fake blob content"); // same length, other bytes
        using var server = new FakeRegistryServer(ctx => FakeRegistryServer.Respond(ctx, 200, lie, "application/octet-stream"));
        RegistryClient client = server.Client(_http);
        string target = _temp.Combine("blob");

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => client.Blobs.DownloadToFileAsync("team/app", ContentDigest, Content.Length, target, CancellationToken.None));

        Assert.Equal(DiagnosticCode.DigestMismatch, ex.Code);
        Assert.Contains(ContentDigest.ToString(), ex.Message);
        Assert.Contains(server.Host + "/team/app", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public async Task BlobRead_MoreBytesThanDeclared_ThrowsSG1017()
    {
        using var server = new FakeRegistryServer(ctx => FakeRegistryServer.Respond(ctx, 200, [.. Content, .. Content], "application/octet-stream"));
        RegistryClient client = server.Client(_http);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(async () =>
        {
            await using Stream stream = await client.Blobs.OpenReadAsync("team/app", ContentDigest, null, CancellationToken.None);
            await stream.CopyToAsync(Stream.Null);
        });

        Assert.Equal(DiagnosticCode.DigestMismatch, ex.Code);
    }

    [Fact]
    public async Task Request_429StormWithRetryAfter_BacksOffThenGivesUpWithSG1018()
    {
        using var server = new FakeRegistryServer(ctx => FakeRegistryServer.Respond(ctx, 429, null, null, ("Retry-After", "7")));
        var delays = new List<TimeSpan>();
        RegistryClient client = server.Client(_http, delays, new RegistryClientOptions { MaxAttempts = 4 });

        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.Blobs.ExistsAsync("team/app", ContentDigest, CancellationToken.None));

        Assert.Equal(DiagnosticCode.RegistryError, ex.Code);
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], delays);
        Assert.Contains(server.Host + "/team/app", ex.Message);
        Assert.Contains("429", ex.Message);
    }

    [Fact]
    public async Task Request_RetryAfterBeyondBudget_GivesUpWithoutWaiting()
    {
        using var server = new FakeRegistryServer(ctx => FakeRegistryServer.Respond(ctx, 429, null, null, ("Retry-After", "3600")));
        var delays = new List<TimeSpan>();
        RegistryClient client = server.Client(_http, delays, new RegistryClientOptions { MaxRetryTime = TimeSpan.FromMinutes(1) });

        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.Blobs.ExistsAsync("team/app", ContentDigest, CancellationToken.None));

        Assert.Single(server.Requests);
        Assert.Empty(delays);
        Assert.Contains("retry budget", ex.Message);
    }

    [Fact]
    public async Task Request_503ThenSuccess_Succeeds()
    {
        int calls = 0;
        using var server = new FakeRegistryServer(ctx => Interlocked.Increment(ref calls) <= 2
            ? FakeRegistryServer.Respond(ctx, 503)
            : FakeRegistryServer.Respond(ctx, 200, Content, "application/octet-stream"));
        var delays = new List<TimeSpan>();
        RegistryClient client = server.Client(_http, delays, new RegistryClientOptions { BaseDelay = TimeSpan.FromSeconds(1) });

        bool exists = await client.Blobs.ExistsAsync("team/app", ContentDigest, CancellationToken.None);

        Assert.True(exists);
        Assert.Equal(3, server.Requests.Count);

        // Exponential with "equal jitter" at 0.5: 1 s → 0.75 s, 2 s → 1.5 s.
        Assert.Equal([TimeSpan.FromMilliseconds(750), TimeSpan.FromMilliseconds(1500)], delays);
    }

    [Fact]
    public async Task Request_AuthChallengeLoop_StopsAfterOneRetryWithSG1018()
    {
        using var server = new FakeRegistryServer(ctx => ctx.Request.Url!.AbsolutePath == "/token"
            ? FakeRegistryServer.Respond(ctx, 200, """{"token":"t1"}"""u8.ToArray(), "application/json")
            : FakeRegistryServer.Respond(ctx, 401, null, null, ("WWW-Authenticate", $"Bearer realm=\"http://127.0.0.1:{ctx.Request.Url.Port}/token\",service=\"fake\"")));
        RegistryClient client = server.Client(_http);

        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.Manifests.TryGetAsync("team/app", "latest", CancellationToken.None));

        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("credentials rejected", ex.Message);
        Assert.Equal(2, server.Count("/v2/team/app/manifests/latest"));
        Assert.Equal(1, server.Count("/token"));
    }

    [Fact]
    public async Task Request_BearerChallenge_FetchesScopedTokenOnceAndSucceeds()
    {
        using var server = new FakeRegistryServer(ctx =>
        {
            string path = ctx.Request.Url!.AbsolutePath;
            string? auth = ctx.Request.Headers["Authorization"];
            if (path == "/token")
            {
                return FakeRegistryServer.Respond(ctx, 200, """{"access_token":"tok-123","expires_in":300}"""u8.ToArray(), "application/json");
            }

            return auth == "Bearer tok-123"
                ? FakeRegistryServer.Respond(ctx, 200, Content, "application/octet-stream")
                : FakeRegistryServer.Respond(ctx, 401, null, null, ("WWW-Authenticate", $"Bearer realm=\"http://127.0.0.1:{ctx.Request.Url.Port}/token\",service=\"fake.registry\",scope=\"repository:team/app:pull\""));
        });
        RegistryClient client = server.Client(_http);

        bool first = await client.Blobs.ExistsAsync("team/app", ContentDigest, CancellationToken.None);
        bool second = await client.Blobs.ExistsAsync("team/app", ContentDigest, CancellationToken.None);

        Assert.True(first && second);
        RecordedRequest token = Assert.Single(server.Requests, r => r.Path.StartsWith("/token", StringComparison.Ordinal));
        Assert.Contains("service=fake.registry", token.Path);
        Assert.Contains("scope=repository%3Ateam%2Fapp%3Apull", token.Path);
        Assert.Equal(3, server.Count("/v2/team/app/blobs/")); // 401, then 200 with the token, then 200 from the cache
    }

    [Fact]
    public async Task Request_BasicChallenge_UsesDockerConfigAuths()
    {
        string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cr:et"));
        using var server = new FakeRegistryServer(ctx => ctx.Request.Headers["Authorization"] == expected
            ? FakeRegistryServer.Respond(ctx, 200)
            : FakeRegistryServer.Respond(ctx, 401, null, null, ("WWW-Authenticate", "Basic realm=\"fake\"")));
        Directory.CreateDirectory(_temp.Combine("docker"));
        string auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cr:et"));
        File.WriteAllText(_temp.Combine("docker", "config.json"), "{\"auths\":{\"http://" + server.Host + "/v2/\":{\"auth\":\"" + auth + "\"}}}");
        var credentials = new DockerConfigCredentials(FakeRegistryServer.Environment(("DOCKER_CONFIG", _temp.Combine("docker"))));
        RegistryClient client = server.Client(_http, options: new RegistryClientOptions { Credentials = credentials });

        await client.PingAsync(CancellationToken.None);

        Assert.Equal(expected, server.Requests.Last().Authorization);
    }

    [Fact]
    public async Task Credentials_CredentialHelperOnPath_ReadsUsernameAndSecret()
    {
        string bin = _temp.Combine("bin");
        Directory.CreateDirectory(bin);
        string helper = Path.Combine(bin, "docker-credential-test");
        File.WriteAllText(helper, """
            #!/bin/sh
            [ "$1" = get ] || exit 3
            read -r server
            printf '{"ServerURL":"%s","Username":"helper-user","Secret":"helper-secret-for-%s"}\n' "$server" "$server"
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        File.WriteAllText(_temp.Combine("config.json"), """{"credHelpers":{"registry.example:5000":"test"},"auths":{"registry.example:5000":{"auth":"bm86bm8="}}}""");
        var credentials = new DockerConfigCredentials(FakeRegistryServer.Environment(("DOCKER_CONFIG", _temp.Path), ("PATH", bin)));

        RegistryCredential? credential = await credentials.GetAsync("registry.example:5000", CancellationToken.None);

        Assert.Equal(new RegistryCredential("helper-user", "helper-secret-for-registry.example:5000"), credential);
        Assert.DoesNotContain("helper-secret", credential!.ToString());
    }

    [Fact]
    public async Task Credentials_EnvironmentVariables_WinOverDockerConfig()
    {
        File.WriteAllText(_temp.Combine("config.json"), """{"auths":{"r.example":{"auth":"bm86bm8="}}}""");
        var ours = new DockerConfigCredentials(FakeRegistryServer.Environment(("DOCKER_CONFIG", _temp.Path), ("SUPPLYGATE_REGISTRY_USERNAME", "u1"), ("SUPPLYGATE_REGISTRY_PASSWORD", "p1")));
        var sdk = new DockerConfigCredentials(FakeRegistryServer.Environment(("DOCKER_CONFIG", _temp.Path), ("DOTNET_CONTAINER_REGISTRY_UNAME", "u2"), ("DOTNET_CONTAINER_REGISTRY_PWORD", "p2")));
        var file = new DockerConfigCredentials(FakeRegistryServer.Environment(("DOCKER_CONFIG", _temp.Path)));

        RegistryCredential?[] found = [await ours.GetAsync("r.example", CancellationToken.None), await sdk.GetAsync("r.example", CancellationToken.None), await file.GetAsync("r.example", CancellationToken.None)];

        Assert.Equal(new RegistryCredential("u1", "p1"), found[0]);
        Assert.Equal(new RegistryCredential("u2", "p2"), found[1]);
        Assert.Equal(new RegistryCredential("no", "no"), found[2]);
    }

    [Fact]
    public async Task Request_ServerNeverAnswers_ThrowsSG1018WithinTimeout()
    {
        using var server = new FakeRegistryServer(ctx => Task.Delay(TimeSpan.FromSeconds(30), _hang.Token));
        RegistryClient client = server.Client(_http, options: new RegistryClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(500), MaxAttempts = 2 });
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.Manifests.TryGetAsync("team/app", "latest", CancellationToken.None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Null(ex.StatusCode);
        Assert.Contains("no answer within 0.5 s", ex.Message);
        Assert.Contains(server.Host + "/team/app", ex.Message);
    }

    [Fact]
    public async Task Request_CallerCancels_ThrowsOperationCanceled()
    {
        using var server = new FakeRegistryServer(ctx => Task.Delay(TimeSpan.FromSeconds(30), _hang.Token));
        RegistryClient client = server.Client(_http);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Manifests.TryGetAsync("team/app", "latest", cancel.Token));
    }

    public void Dispose()
    {
        _hang.Cancel();
        _hang.Dispose();
        _http.Dispose();
        _temp.Dispose();
    }
}

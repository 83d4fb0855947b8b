using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests.Serve;

/// <summary>
/// The inventory filled without admissions, by the real serve process: the running pods listed from a Kubernetes
/// API server (a fake one answering PodList pages, with paging and a bearer token) and the static image list. An
/// advisory update then yields a notification naming the Deployment that runs the digest; a malformed PodList is
/// a warning and the service keeps serving.
/// </summary>
[Trait("Category", "integration")]
public sealed class ServeInventoryTests(SignedImageFixture fixture) : IClassFixture<SignedImageFixture>
{
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.test-service-account";

    private static string Osv(string id) => Path.Combine(RepositoryPaths.Fixtures, "ghsa", "osv", id + ".json");

    private string Config(string name, string db, string recheck, string metrics = "{perAdvisory: false}") =>
        AdmissionConfigYaml.Write(fixture.Combine($"inventory-{name}.yaml"), fixture.Registry.Host, fixture.Ca.TrustedRoot, $"""
              db: {db}
              metrics: {metrics}
              recheck:
            {recheck}
            """);

    /// <summary>Signs an image whose SBOM ships SixLabors.ImageSharp 3.1.0, and a store that knows only an unrelated advisory.</summary>
    private async Task<(string Image, string Digest, string Db)> SignedImageAndStoreAsync(string repository, int epoch)
    {
        string image = $"{fixture.Registry.Host}/{repository}:1.0";
        fixture.PushFileImage(image, epoch);
        string sbom = fixture.Combine($"{repository.Replace('/', '-')}.cdx.json");
        File.WriteAllText(sbom, """
            {"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:0b7d0c51-8f0e-4a43-9d1c-6f1a3c2b9e10","version":1,
             "metadata":{"component":{"type":"application","bom-ref":"app","name":"inventory-app","version":"1.0.0"}},
             "components":[{"type":"library","bom-ref":"pkg:nuget/SixLabors.ImageSharp@3.1.0","name":"SixLabors.ImageSharp","version":"3.1.0",
               "purl":"pkg:nuget/SixLabors.ImageSharp@3.1.0","licenses":[{"license":{"id":"Apache-2.0"}}]}]}
            """);
        var signed = fixture.Run("sign", image, "--sbom", sbom, "--key", fixture.Ca.SigningKey, "--cert", fixture.Ca.SigningCertificate, "--timestamp-url", fixture.TsaUrl.ToString());
        Assert.True(signed.ExitCode == 0, signed.Output + signed.Error);
        string digest = (await fixture.ResolveAsync(repository, "1.0")).ToString();

        string db = fixture.Combine($"{repository.Replace('/', '-')}-advisories.db");
        string first = fixture.Combine($"{repository.Replace('/', '-')}-osv");
        Directory.CreateDirectory(first);
        File.Copy(Osv("GHSA-5crp-9r3c-p9vr"), Path.Combine(first, "GHSA-5crp-9r3c-p9vr.json"));
        var imported = fixture.Run("db", "import", first, "--db", db);
        Assert.True(imported.ExitCode == 0, imported.Output + imported.Error);
        return (image, digest, db);
    }

    /// <summary>The fixture PodList pages, with the Deployment <c>shop/web</c> running <paramref name="image"/> at <paramref name="digest"/>.</summary>
    private static string[] Pages(string image, string digest)
    {
        string fixtureDigest = "sha256:" + new string('a', 64);
        var first = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Fixtures, "kubernetes", "podlist-page1.json"))
            .Replace("docker-pullable://registry.example/shop/web@" + fixtureDigest, $"docker-pullable://{image[..image.LastIndexOf(':')]}@{digest}", StringComparison.Ordinal)
            .Replace("registry.example/shop/web:1.4.2", image, StringComparison.Ordinal))!;
        first["metadata"]!["continue"] = "page-1";
        return [first.ToJsonString(), File.ReadAllText(Path.Combine(RepositoryPaths.Fixtures, "kubernetes", "podlist-page2.json"))];
    }

    [Fact]
    public async Task ARunningPodsDigest_JoinsTheInventory_AndTheRecheckNamesItsDeployment()
    {
        (string image, string digest, string db) = await SignedImageAndStoreAsync("pods/web", epoch: 21);
        using var api = new FakeKubernetesApi(Token, Pages(image, digest));
        string token = fixture.Combine("kube-token");
        File.WriteAllText(token, Token + "\n");
        using var receiver = new Receiver();
        string config = Config("pods", db, $"""
                storePollInterval: 300ms
                notifyUrl: {receiver.Url}
                kubernetes:
                  enabled: true
                  pollInterval: 300ms
                  pageSize: 4
            """);
        (string cert, string key) = ServeProcess.MakeCertificate(fixture.Root, "inventory-pods");
        using var server = ServeProcess.Start(fixture.Root, config, cert, key, fixture.Environment, "--kube-api", api.BaseUrl, "--kube-token-file", token);

        // No admission review at all: the digest the Deployment's pods run is verified, judged and kept.
        await Until(async () => await server.MetricAsync("supplygate_running_images") == 1, server, "the running pod's digest in the inventory");
        Assert.Equal(10, await server.MetricAsync("supplygate_running_pods"));
        Assert.Contains("/api/v1/pods?limit=4&continue=page-1", api.Requests);
        Assert.Equal(0, api.Unauthorized);
        Assert.Contains("SG1077", server.Log, StringComparison.Ordinal); // the fixture's other images match no rule

        var second = fixture.Run("db", "import", Osv("GHSA-65x7-c272-7g7r"), "--db", db);
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        JsonElement data = (await receiver.NextAsync(TimeSpan.FromSeconds(30), server)).GetProperty("data");

        Assert.Equal(digest, data.GetProperty("digest").GetString());
        Assert.Equal("deny", data.GetProperty("decision").GetString());
        Assert.Equal(["GHSA-65x7-c272-7g7r"], data.GetProperty("newAdvisories").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["shop"], data.GetProperty("namespaces").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(
            [("shop", "Deployment", "web")],
            data.GetProperty("workloads").EnumerateArray().Select(w => (w.GetProperty("namespace").GetString(), w.GetProperty("kind").GetString(), w.GetProperty("name").GetString())));
        Assert.Contains("workloads: shop/Deployment/web", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("supplygate_advisory_images", await server.MetricsTextAsync(), StringComparison.Ordinal); // per-advisory series are opt-in

        // The API turns malformed: a warning and a failed-listing count; admission keeps working.
        api.Serve(["""{"kind":"PodList","apiVersion":"v1","items":[{"status":{"phase":"Running"}}]}"""]);
        await Until(async () => await server.MetricAsync("supplygate_kubernetes_list_total", "result=\"failed\"") >= 1, server, "a failed listing");
        Assert.Contains("warning SG1075", server.Log, StringComparison.Ordinal);
        (_, JsonElement review) = await server.PostAsync("/validate", AdmissionBodies.Pod("team", fixture.ImageA));
        Assert.True(review.GetProperty("allowed").GetBoolean(), review + server.Log);
        Assert.False(server.Process.HasExited);
    }

    [Fact]
    public async Task StaticImages_AreVerifiedAtStart_AndJoinTheInventory()
    {
        (string image, _, string db) = await SignedImageAndStoreAsync("static/app", epoch: 22);
        string config = Config("static", db, $"""
                storePollInterval: 300ms
                staticImages: ["{image}", "{fixture.ImageB}"]
            """);
        (string cert, string key) = ServeProcess.MakeCertificate(fixture.Root, "inventory-static");
        using var server = ServeProcess.Start(fixture.Root, config, cert, key, fixture.Environment);

        await Until(async () => await server.MetricAsync("supplygate_running_images") == 1, server, "the static image in the inventory");
        await Until(() => Task.FromResult(server.Log.Contains("warning SG1077", StringComparison.Ordinal)), server, "the unsigned static image's warning");
        Assert.Contains(fixture.ImageB, server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStoreArtifactInTheRegistry_IsPulledOnlyWhenItChanges_AndANewOneIsReported()
    {
        (string image, string digest, string source) = await SignedImageAndStoreAsync("mirror/app", epoch: 23);
        string artifact = $"{fixture.Registry.Host}/security/advisory-db:latest";
        var pushed = fixture.Run("db", "push", artifact, "--db", source);
        Assert.True(pushed.ExitCode == 0, pushed.Output + pushed.Error);
        string db = Path.Combine(fixture.Combine("mirror-dir"), "advisories.db"); // not there: the service's first pull makes it
        using var receiver = new Receiver();
        string config = Config("mirror", db, $"""
                storePollInterval: 200ms
                notifyUrl: {receiver.Url}
                staticImages: ["{image}"]
                advisorySource:
                  oci: {artifact}
                  pollInterval: 200ms
            """, metrics: "{perAdvisory: true}");
        (string cert, string key) = ServeProcess.MakeCertificate(fixture.Root, "inventory-mirror");
        using var server = ServeProcess.Start(fixture.Root, config, cert, key, fixture.Environment);

        await Until(async () => await server.MetricAsync("supplygate_running_images") == 1, server, "the static image judged with the pulled store");
        Assert.True(File.Exists(db), server.Log);
        // Ten polls later the unchanged artifact was asked for, not pulled again.
        await Task.Delay(2000);
        Assert.Equal(1, Pulls(server));
        Assert.DoesNotContain("SG1079", server.Log, StringComparison.Ordinal);

        // A new store pushed under the same tag: pulled once, swapped in, and the re-check reports the digest.
        var imported = fixture.Run("db", "import", Osv("GHSA-65x7-c272-7g7r"), "--db", source);
        Assert.True(imported.ExitCode == 0, imported.Output + imported.Error);
        pushed = fixture.Run("db", "push", artifact, "--db", source);
        Assert.True(pushed.ExitCode == 0, pushed.Output + pushed.Error);
        JsonElement data = (await receiver.NextAsync(TimeSpan.FromSeconds(30), server)).GetProperty("data");

        Assert.Equal(digest, data.GetProperty("digest").GetString());
        Assert.Equal("deny", data.GetProperty("decision").GetString());
        Assert.Equal(["GHSA-65x7-c272-7g7r"], data.GetProperty("newAdvisories").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(2, Pulls(server));

        // Opted in: one series per advisory, counting the admitted digests it affects.
        await Until(async () => await server.MetricAsync("supplygate_advisory_images", "advisory=\"GHSA-65x7-c272-7g7r\"") == 1, server, "the per-advisory series");
    }

    [Fact]
    public async Task AStoreArtifactThatIsMissing_IsAWarning_AndTheServiceJudgesWithTheStoreItHas()
    {
        (string image, _, string db) = await SignedImageAndStoreAsync("mirror/missing", epoch: 24);
        string config = Config("mirror-missing", db, $"""
                staticImages: ["{image}"]
                advisorySource:
                  oci: "{fixture.Registry.Host}/security/no-such-db:latest"
                  pollInterval: 1s
            """);
        (string cert, string key) = ServeProcess.MakeCertificate(fixture.Root, "inventory-mirror-missing");
        using var server = ServeProcess.Start(fixture.Root, config, cert, key, fixture.Environment);

        await Until(async () => await server.MetricAsync("supplygate_running_images") == 1, server, "the static image judged with the local store");
        Assert.Contains("warning SG1079", server.Log, StringComparison.Ordinal);
        Assert.Contains("no-such-db", server.Log, StringComparison.Ordinal);
        Assert.False(server.Process.HasExited);
    }

    [Fact]
    public async Task KubeCa_TheApiIsListedOverTls_AndAServerCertificateFromAnotherCaIsRefused()
    {
        string db = fixture.Combine("kube-tls.db");
        var imported = fixture.Run("db", "import", Osv("GHSA-5crp-9r3c-p9vr"), "--db", db);
        Assert.True(imported.ExitCode == 0, imported.Output + imported.Error);
        using var api = new FakeKubernetesApi(Token, Pages("registry.example/tls/web:1.0", "sha256:" + new string('b', 64)));
        (string apiCertificate, string apiKey) = ServeProcess.MakeCertificate(fixture.Root, "kube-api");
        (string otherCa, _) = ServeProcess.MakeCertificate(fixture.Root, "kube-other-ca");
        using var tls = new TlsProxy(apiCertificate, apiKey, api.Port);
        string token = fixture.Combine("kube-tls-token");
        File.WriteAllText(token, Token);
        string config = Config("kube-tls", db, "    kubernetes: {enabled: true, pollInterval: 300ms, pageSize: 4}");
        (string cert, string key) = ServeProcess.MakeCertificate(fixture.Root, "inventory-kube-tls");

        using (var server = ServeProcess.Start(fixture.Root, config, cert, key, fixture.Environment, "--kube-api", tls.BaseUrl, "--kube-token-file", token, "--kube-ca", apiCertificate))
        {
            await Until(async () => await server.MetricAsync("supplygate_kubernetes_list_total", "result=\"ok\"") >= 1, server, "a listing over TLS");
            Assert.Equal(10, await server.MetricAsync("supplygate_running_pods"));
            Assert.True(tls.Handshakes >= 1);
        }

        using (var server = ServeProcess.Start(fixture.Root, config, cert, key, fixture.Environment, "--kube-api", tls.BaseUrl, "--kube-token-file", token, "--kube-ca", otherCa))
        {
            await Until(async () => await server.MetricAsync("supplygate_kubernetes_list_total", "result=\"failed\"") >= 2, server, "failed listings");
            Assert.Equal(0, await server.MetricAsync("supplygate_kubernetes_list_total", "result=\"ok\""));
            Assert.Contains("warning SG1074", server.Log, StringComparison.Ordinal);
            Assert.Contains("The SSL connection could not be established", server.Log, StringComparison.Ordinal); // the certificate was refused
        }
    }

    private static int Pulls(ServeProcess server) =>
        server.Log.Split('\n').Count(line => line.Contains("advisory source: pulled", StringComparison.Ordinal));

    [Fact]
    public void KubernetesEnabledOutsideACluster_WithoutKubeApi_StopsWithSG1078()
    {
        string config = Config("nokube", fixture.Combine("none.db"), "    kubernetes: {enabled: true}");
        (string cert, string key) = ServeProcess.MakeCertificate(fixture.Root, "inventory-nokube");
        var run = fixture.Run("serve", "--config", config, "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("SG1078", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Contains("--kube-api", run.Output + run.Error, StringComparison.Ordinal);
    }

    private static async Task Until(Func<Task<bool>> condition, ServeProcess server, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}\n{server.Log}");
            await Task.Delay(100);
        }
    }

    /// <summary>A CloudEvents receiver on loopback.</summary>
    private sealed class Receiver : LoopbackHttpServer
    {
        private readonly System.Threading.Channels.Channel<string> _received = System.Threading.Channels.Channel.CreateUnbounded<string>();

        public Uri Url => new(BaseUrl + "hook");

        public async Task<JsonElement> NextAsync(TimeSpan timeout, ServeProcess server)
        {
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                return JsonDocument.Parse(await _received.Reader.ReadAsync(cancel.Token)).RootElement.Clone();
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no notification within {timeout}\n{server.Log}");
            }
        }

        protected override async Task HandleAsync(HttpListenerContext context)
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            _received.Writer.TryWrite(await reader.ReadToEndAsync());
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}

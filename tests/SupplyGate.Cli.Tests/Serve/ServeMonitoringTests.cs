using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using SupplyGate.Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace SupplyGate.Cli.Tests.Serve;

/// <summary>
/// What operators watch: the re-check after an advisory update (notification delivered at least once, metrics
/// changed), /metrics checked by `promtool check metrics` and scraped by a real Prometheus queried over its HTTP
/// API, and the shipped alert rules run by `promtool test rules`.
/// </summary>
[Collection(CliCollection.Name)]
[Trait("Category", "integration")]
public sealed class ServeMonitoringTests(SignedImageFixture fixture) : IClassFixture<SignedImageFixture>
{
    private static string Osv(string id) => Path.Combine(RepositoryPaths.Fixtures, "ghsa", "osv", id + ".json");

    private string Config(string name, string extra) =>
        AdmissionConfigYaml.Write(fixture.Combine($"monitoring-{name}.yaml"), fixture.Registry.Host, fixture.Ca.TrustedRoot, extra);

    private ServeProcess Start(string config, string name)
    {
        (string cert, string key) = ServeProcess.MakeCertificate(fixture.Root, "monitoring-" + name);
        return ServeProcess.Start(fixture.Root, config, cert, key, fixture.Environment);
    }

    [Fact]
    public async Task AnAdvisoryImportedAfterAdmission_IsReported_ByNotificationAndMetrics()
    {
        // An image whose signed SBOM ships SixLabors.ImageSharp 3.1.0; the store first knows only an unrelated advisory.
        string image = $"{fixture.Registry.Host}/recheck/app:1.0";
        fixture.PushFileImage(image, epoch: 13);
        string sbom = fixture.Combine("recheck.cdx.json");
        File.WriteAllText(sbom, """
            {"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79","version":1,
             "metadata":{"component":{"type":"application","bom-ref":"app","name":"recheck-app","version":"1.0.0"}},
             "components":[{"type":"library","bom-ref":"pkg:nuget/SixLabors.ImageSharp@3.1.0","name":"SixLabors.ImageSharp","version":"3.1.0",
               "purl":"pkg:nuget/SixLabors.ImageSharp@3.1.0","licenses":[{"license":{"id":"Apache-2.0"}}]}]}
            """);
        var signed = fixture.Run("sign", image, "--sbom", sbom, "--key", fixture.Ca.SigningKey, "--cert", fixture.Ca.SigningCertificate, "--timestamp-url", fixture.TsaUrl.ToString());
        Assert.True(signed.ExitCode == 0, signed.Output + signed.Error);

        string db = fixture.Combine("recheck-advisories.db");
        string first = fixture.Combine("osv-first");
        Directory.CreateDirectory(first);
        File.Copy(Osv("GHSA-5crp-9r3c-p9vr"), Path.Combine(first, "GHSA-5crp-9r3c-p9vr.json"));
        var imported = fixture.Run("db", "import", first, "--db", db);
        Assert.True(imported.ExitCode == 0, imported.Output + imported.Error);

        using var receiver = new NotificationReceiver(failFirst: 1);
        string config = Config("recheck", $"""
              db: {db}
              recheck:
                storePollInterval: 300ms
                notifyUrl: {receiver.Url}
            """);
        using ServeProcess server = Start(config, "recheck");

        (_, JsonElement admitted) = await server.PostAsync("/validate", AdmissionBodies.Deployment("shop", image));
        Assert.True(admitted.GetProperty("allowed").GetBoolean(), admitted + server.Log);
        await Until(async () => await server.MetricAsync("supplygate_running_images") == 1, server, "the admitted digest in the inventory");
        Assert.Equal(0, await server.MetricAsync("supplygate_findings", "severity=\"high\""));

        // The advisory arrives (db import replaces the store file); within seconds the re-check reports it.
        var clock = Stopwatch.StartNew();
        var second = fixture.Run("db", "import", Osv("GHSA-65x7-c272-7g7r"), "--db", db);
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        JsonElement notification = await receiver.NextAsync(TimeSpan.FromSeconds(30), server);
        clock.Stop();

        Assert.Equal("dev.supplygate.recheck.finding", notification.GetProperty("type").GetString());
        JsonElement data = notification.GetProperty("data");
        Assert.Equal("deny", data.GetProperty("decision").GetString());
        Assert.Equal("SG3003", data.GetProperty("code").GetString());
        Assert.Equal(["GHSA-65x7-c272-7g7r"], data.GetProperty("newAdvisories").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["shop"], data.GetProperty("namespaces").EnumerateArray().Select(a => a.GetString()));
        Assert.True(receiver.Failed >= 1, "the first delivery was refused and retried");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"reported after {clock.Elapsed}");
        Assert.Equal(1, await server.MetricAsync("supplygate_recheck_new_findings_total", "decision=\"deny\""));
        Assert.Equal(1, await server.MetricAsync("supplygate_findings", "severity=\"high\"", "namespace=\"shop\""));
        Assert.Equal(1, await server.MetricAsync("supplygate_notifications_total", "result=\"delivered\""));
        Assert.Contains("re-check deny", server.Log, StringComparison.Ordinal);

        // A new admission of the same digest is judged with the new store: the cache is keyed by its version.
        (_, JsonElement denied) = await server.PostAsync("/validate", AdmissionBodies.Pod("shop", image));
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        Assert.Contains("(SG5022)", denied.GetProperty("status").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_PassPromtool_AndARealPrometheusScrapesThem()
    {
        using ServeProcess server = Start(Config("prometheus", string.Empty), "prometheus");
        (_, JsonElement denied) = await server.PostAsync("/validate", AdmissionBodies.Pod("team", fixture.ImageB));
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        (_, JsonElement allowed) = await server.PostAsync("/validate", AdmissionBodies.Pod("team", fixture.ImageA));
        Assert.True(allowed.GetProperty("allowed").GetBoolean(), allowed + server.Log);

        string text = await server.MetricsTextAsync();
        string metricsFile = fixture.Combine("metrics.txt");
        File.WriteAllText(metricsFile, text);
        ProcessResult check = ProcessRunner.Run("bash", ["-c", $"promtool check metrics < '{metricsFile}'"], fixture.Root);
        Assert.True(check.ExitCode == 0, "promtool check metrics: " + check.All + "\n" + text);

        using var prometheus = PrometheusProcess.Start(fixture.Combine($"prometheus-{Guid.NewGuid():N}"), server.Metrics);
        double value = await prometheus.QueryUntilAsync("sum(supplygate_admission_requests_total{decision=\"deny\",reason=\"no_attestation\",namespace=\"team\"})", v => v == 1);
        Assert.Equal(1, value);
        Assert.Equal(1, await prometheus.QueryUntilAsync("sum(supplygate_admission_requests_total{reason=\"verified\"})", v => v == 1));
    }

    [Fact]
    public void AlertRules_PassPromtoolTestRules_AndThePrometheusRuleCarriesTheSameGroups()
    {
        string directory = Path.Combine(RepositoryPaths.Root, "deploy", "prometheus");
        ProcessResult tested = ProcessRunner.Run("promtool", ["test", "rules", "supplygate-rules.test.yaml"], directory);
        Assert.True(tested.ExitCode == 0, tested.All);
        Assert.Contains("SUCCESS", tested.All, StringComparison.Ordinal);

        YamlNode rules = Load(Path.Combine(directory, "supplygate-rules.yaml"))["groups"];
        YamlNode operatorRules = ((YamlMappingNode)Load(Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes", "prometheusrule.yaml"))["spec"])["groups"];
        Assert.Equal(Canonical(rules), Canonical(operatorRules));
        Assert.Equal(5, ((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)rules)[0])["rules"]).Children.Count);
    }

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Canonical(YamlNode node) => node switch
    {
        YamlScalarNode s => JsonSerializer.Serialize(s.Value),
        YamlSequenceNode q => "[" + string.Join(",", q.Children.Select(Canonical)) + "]",
        YamlMappingNode m => "{" + string.Join(",", m.Children.OrderBy(c => ((YamlScalarNode)c.Key).Value, StringComparer.Ordinal).Select(c => Canonical(c.Key) + ":" + Canonical(c.Value))) + "}",
        _ => "?",
    };

    private static async Task Until(Func<Task<bool>> condition, ServeProcess server, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}\n{server.Log}");
            await Task.Delay(100);
        }
    }

    /// <summary>A webhook receiver on loopback that refuses the first <c>failFirst</c> deliveries with 500.</summary>
    private sealed class NotificationReceiver(int failFirst) : LoopbackHttpServer
    {
        private readonly System.Threading.Channels.Channel<string> _received = System.Threading.Channels.Channel.CreateUnbounded<string>();
        private int _failLeft = failFirst;
        private int _failed;

        public Uri Url => new(BaseUrl + "hook");

        public int Failed => Volatile.Read(ref _failed);

        public async Task<JsonElement> NextAsync(TimeSpan timeout, ServeProcess server)
        {
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                string body = await _received.Reader.ReadAsync(cancel.Token);
                return JsonDocument.Parse(body).RootElement.Clone();
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no notification within {timeout}\n{server.Log}");
            }
        }

        protected override async Task HandleAsync(HttpListenerContext context)
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            string body = await reader.ReadToEndAsync();
            bool refuse = Interlocked.Decrement(ref _failLeft) >= 0;
            if (refuse)
            {
                Interlocked.Increment(ref _failed);
            }
            else if (context.Request.ContentType == "application/cloudevents+json")
            {
                _received.Writer.TryWrite(body);
            }

            context.Response.StatusCode = refuse ? 500 : 200;
            context.Response.Close();
        }
    }

    /// <summary>Debian's prometheus, scraping one target every second; stopped by PID.</summary>
    private sealed class PrometheusProcess : IDisposable
    {
        private readonly ChildProcess _process;
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

        private PrometheusProcess(ChildProcess process, Uri api)
        {
            _process = process;
            Api = api;
        }

        public Uri Api { get; }

        public static PrometheusProcess Start(string directory, Uri target)
        {
            Directory.CreateDirectory(directory);
            string config = Path.Combine(directory, "prometheus.yml");
            File.WriteAllText(config, $"""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: supplygate
                    static_configs:
                      - targets: ["{target.Authority}"]
                """);
            int port = FreePort.Take();
            ProcessStartInfo info = ChildProcess.Info(
                ["prometheus", $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}", $"--web.listen-address=127.0.0.1:{port}"],
                directory);
            try
            {
                return new PrometheusProcess(ChildProcess.Start(info), new Uri($"http://127.0.0.1:{port}/"));
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException("prometheus is required (apt-get install prometheus, or run build/setup.sh)", ex);
            }
        }

        /// <summary>Runs an instant PromQL query until its single value satisfies <paramref name="accept"/> (30 s at most).</summary>
        public async Task<double> QueryUntilAsync(string query, Func<double, bool> accept)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            string last = "(no answer)";
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    last = await _http.GetStringAsync(new Uri(Api, "api/v1/query?query=" + Uri.EscapeDataString(query)));
                    JsonElement result = JsonDocument.Parse(last).RootElement.GetProperty("data").GetProperty("result");
                    if (result.GetArrayLength() == 1)
                    {
                        double value = double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
                        if (accept(value))
                        {
                            return value;
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    // Not up yet.
                }

                await Task.Delay(250);
            }

            throw new TimeoutException($"PromQL '{query}' never gave the expected value; last answer {last}\n{_process.Log}");
        }

        public void Dispose()
        {
            _process.Dispose();
            _http.Dispose();
        }
    }
}

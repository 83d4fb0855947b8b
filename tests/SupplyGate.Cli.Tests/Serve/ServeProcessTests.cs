using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Tests.Shared;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Tests.Attestations.Verification;

namespace SupplyGate.Cli.Tests.Serve;

/// <summary>
/// `supplygate serve` end to end: the built CLI as its own process, real TLS, AdmissionReview bodies shaped like
/// the API server's, the real local registry with signed, unsigned, re-tagged and tampered images (the verify
/// fixture's), and registries that are down, slow or rate-limiting.
/// </summary>
[Collection(CliCollection.Name)]
[Trait("Category", "integration")]
public sealed class ServeProcessTests(SignedImageFixture fixture) : IClassFixture<SignedImageFixture>
{
    private string Config(string name, string rules, string extra = "")
    {
        string path = fixture.Combine($"admission-{name}.yaml");
        File.WriteAllText(path, $"""
            apiVersion: supplygate.dev/v1alpha1
            kind: AdmissionConfig
            spec:
              images:
            {rules}
              unmatched: deny
              excludeNamespaces: [kube-system]
            {extra}
            """);
        return path;
    }

    private string Rule(string match, string mode = "enforce") => $"""
            - match: "{match}"
              trustedRoot: {fixture.Ca.TrustedRoot}
              certificateIdentityRegexp: "https://github\\.com/acme/.*"
              policy: default
              mode: {mode}
        """;

    private ServeProcess Start(string config, string name)
    {
        (string cert, string key) = ServeProcess.MakeCertificate(fixture.Root, name);
        return ServeProcess.Start(fixture.Root, config, cert, key, fixture.Environment);
    }

    [Fact]
    public async Task SignedImagesAreAdmitted_UnsignedAndTamperedAreDenied_AndAWarmReviewMakesNoRegistryCall()
    {
        // Re-tagged: image A's manifest under a second tag. Tampered: A's valid bundle copied onto another image.
        using (var http = new HttpClient())
        {
            RegistryClient client = fixture.Client(http);
            ManifestResponse a = await client.Manifests.GetAsync("app/file", "1.0", CancellationToken.None);
            await client.Manifests.PutAsync("app/file", "retagged", a.MediaType, a.Bytes, null, CancellationToken.None);
        }

        string tampered = $"{fixture.Registry.Host}/serve-replay/file:1.0";
        fixture.PushFileImage(tampered, epoch: 9);
        Digest replayed = await fixture.ResolveAsync("serve-replay/file", "1.0");
        byte[] bundleOfA = new VerificationTestBundles(fixture.Pki).Create(subjectDigest: fixture.DigestA.Encoded, predicateType: PredicateTypes.CycloneDx);
        await fixture.AttachAsync("serve-replay/file", replayed, bundleOfA, PredicateTypes.CycloneDx);

        using ServeProcess server = Start(Config("main", Rule($"{fixture.Registry.Host}/**")), "main");

        // Signed: a Pod and a Deployment (three images: the tag, the same digest re-tagged, and the digest itself).
        (int status, JsonElement allowed) = await server.PostAsync("/validate", AdmissionBodies.Pod("team", fixture.ImageA));
        Assert.Equal(200, status);
        Assert.True(allowed.GetProperty("allowed").GetBoolean(), allowed.ToString() + server.Log);
        string byDigest = $"{fixture.Registry.Host}/app/file@{fixture.DigestA}";
        (_, JsonElement deployment) = await server.PostAsync("/validate", AdmissionBodies.Deployment("team", fixture.ImageA, $"{fixture.Registry.Host}/app/file:retagged", byDigest));
        Assert.True(deployment.GetProperty("allowed").GetBoolean(), deployment.ToString() + server.Log);

        // Warm: the same review again makes no registry request at all, and hits both caches.
        double before = await server.MetricAsync("supplygate_registry_requests_total");
        double verificationHits = await server.MetricAsync("supplygate_cache_lookups_total", "cache=\"verification\"", "result=\"hit\"");
        (_, JsonElement warm) = await server.PostAsync("/validate", AdmissionBodies.Deployment("team", fixture.ImageA, $"{fixture.Registry.Host}/app/file:retagged", byDigest));
        Assert.True(warm.GetProperty("allowed").GetBoolean());
        Assert.True(before > 0);
        Assert.Equal(before, await server.MetricAsync("supplygate_registry_requests_total"));
        Assert.Equal(verificationHits + 3, await server.MetricAsync("supplygate_cache_lookups_total", "cache=\"verification\"", "result=\"hit\""));

        // Unsigned: denied, naming the image, the reason and the code; the uid is echoed.
        string unsignedBody = AdmissionBodies.Pod("team", fixture.ImageB);
        (_, JsonElement unsigned) = await server.PostAsync("/validate", unsignedBody);
        Assert.False(unsigned.GetProperty("allowed").GetBoolean());
        Assert.Equal(JsonDocument.Parse(unsignedBody).RootElement.GetProperty("request").GetProperty("uid").GetString(), unsigned.GetProperty("uid").GetString());
        Assert.Equal(403, unsigned.GetProperty("status").GetProperty("code").GetInt32());
        string message = unsigned.GetProperty("status").GetProperty("message").GetString()!;
        Assert.Contains(fixture.ImageB, message, StringComparison.Ordinal);
        Assert.Contains("no attestation", message, StringComparison.Ordinal);
        Assert.Contains("(SG5020)", message, StringComparison.Ordinal);

        // Tampered: a valid bundle about another digest fails the subject check.
        (_, JsonElement replay) = await server.PostAsync("/validate", AdmissionBodies.Pod("team", tampered));
        Assert.False(replay.GetProperty("allowed").GetBoolean());
        string replayMessage = replay.GetProperty("status").GetProperty("message").GetString()!;
        Assert.Contains("subject check failed (SG5008)", replayMessage, StringComparison.Ordinal);
        Assert.Contains("(SG5021)", replayMessage, StringComparison.Ordinal);

        // Unmatched images are denied; excluded namespaces are not looked at.
        (_, JsonElement unmatched) = await server.PostAsync("/validate", AdmissionBodies.Pod("team", "docker.io/library/nginx:1.25"));
        Assert.Contains("(SG2052)", unmatched.GetProperty("status").GetProperty("message").GetString(), StringComparison.Ordinal);
        (_, JsonElement excluded) = await server.PostAsync("/validate", AdmissionBodies.Pod("kube-system", fixture.ImageB));
        Assert.True(excluded.GetProperty("allowed").GetBoolean());

        Assert.Equal(1, await server.MetricAsync("supplygate_admission_requests_total", "decision=\"deny\"", "reason=\"no_attestation\"", "namespace=\"team\"", "operation=\"CREATE\""));
        Assert.Equal(1, await server.MetricAsync("supplygate_admission_requests_total", "reason=\"bad_signature\""));
        Assert.Contains("admission deny Pod team/web " + fixture.ImageB, server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarnAndAuditModes_AdmitWithAWarning_OrOnlyRecord()
    {
        string config = Config("modes", Rule($"{fixture.Registry.Host}/app/file:2.0", "warn") + "\n" + Rule($"{fixture.Registry.Host}/**", "audit"));
        using ServeProcess server = Start(config, "modes");

        (_, JsonElement warned) = await server.PostAsync("/validate", AdmissionBodies.Pod("team", fixture.ImageB));
        Assert.True(warned.GetProperty("allowed").GetBoolean());
        Assert.Contains("(SG5020)", warned.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);

        string other = $"{fixture.Registry.Host}/app/file-audit:1.0";
        fixture.PushFileImage(other, epoch: 11);
        (_, JsonElement audited) = await server.PostAsync("/validate", AdmissionBodies.Pod("team", other));
        Assert.True(audited.GetProperty("allowed").GetBoolean());
        Assert.False(audited.TryGetProperty("warnings", out _));
        Assert.Contains("(SG5020)", audited.GetProperty("auditAnnotations").GetProperty("supplygate.dev/audit").GetString(), StringComparison.Ordinal);
        Assert.Contains("admission audit Pod team/web " + other, server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegistryFaults_FailClosed_EachWithItsReason_WithinTheBudget()
    {
        using var limited = new FaultRegistry("429");
        using var slow = new FaultRegistry("slow");
        int down = FreePort.Take();
        string rules = string.Join('\n', Rule($"{limited.Host}/**"), Rule($"{slow.Host}/**"), Rule($"127.0.0.1:{down}/**"));
        using ServeProcess server = Start(Config("faults", rules, "  budget: 1500ms"), "faults");

        foreach ((string image, string code, string reason) in new[]
        {
            ($"127.0.0.1:{down}/team/app:1.0", "(SG1070)", "registry_unreachable"),
            ($"{slow.Host}/team/app:1.0", "(SG1071)", "timeout"),
            ($"{limited.Host}/team/app:1.0", "(SG1072)", "registry_error"),
        })
        {
            var clock = Stopwatch.StartNew();
            (int status, JsonElement response) = await server.PostAsync("/validate", AdmissionBodies.Pod("team", image));
            clock.Stop();

            Assert.Equal(200, status);
            Assert.False(response.GetProperty("allowed").GetBoolean(), response.ToString());
            string message = response.GetProperty("status").GetProperty("message").GetString()!;
            Assert.Contains(image, message, StringComparison.Ordinal);
            Assert.Contains(code, message, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(1500 + 1000), $"{image}: answered after {clock.ElapsedMilliseconds} ms, budget 1500 ms");
            Assert.Equal(1, await server.MetricAsync("supplygate_admission_requests_total", $"reason=\"{reason}\""));
        }

        Assert.Contains("HTTP 429", server.Log, StringComparison.Ordinal);
        Assert.True(limited.Requests >= 2, "429 is retried inside the budget");
        Assert.True(await server.MetricAsync("supplygate_registry_requests_total", "code=\"429\"") >= 2);
    }

    [Fact]
    public async Task BadInput_GetsAClearAdmissionResponse_NeverACrash_AndTlsReloads()
    {
        string config = Config("bad", Rule($"{fixture.Registry.Host}/**"), "  maxRequestBytes: 65536");
        using ServeProcess server = Start(config, "bad");

        foreach ((string body, int code, string expected) in new[]
        {
            ("{\"kind\":\"AdmissionReview\",", 400, "the body is not JSON"),
            ("{\"kind\":\"Pod\",\"apiVersion\":\"v1\"}", 400, "kind is 'Pod', expected AdmissionReview"),
            ("{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v2\",\"request\":{\"uid\":\"u-2\"}}", 400, "apiVersion 'admission.k8s.io/v2' is not supported"),
            ("{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"uid\":\"" + new string('x', 70_000) + "\"}}", 413, "larger than the limit of 65536 bytes"),
        })
        {
            (int status, JsonElement response) = await server.PostAsync("/validate", body);

            Assert.Equal(200, status);
            Assert.False(response.GetProperty("allowed").GetBoolean());
            Assert.Equal(code, response.GetProperty("status").GetProperty("code").GetInt32());
            string message = response.GetProperty("status").GetProperty("message").GetString()!;
            Assert.StartsWith("SG2051: ", message, StringComparison.Ordinal);
            Assert.Contains(expected, message, StringComparison.Ordinal);
        }

        Assert.Equal(4, await server.MetricAsync("supplygate_admission_requests_total", "reason=\"invalid_request\""));
        Assert.Equal((200, "ok\n"), await server.GetAsync("/healthz"));
        Assert.Equal((200, "ready\n"), await server.GetAsync("/readyz"));
        Assert.False(server.Process.HasExited, server.Log);

        // A rotated certificate (the files replaced in place) is served on the next handshake, without a restart.
        string firstThumbprint = server.Presented!.Thumbprint;
        string directory = Path.Combine(fixture.Root, "rotated");
        Directory.CreateDirectory(directory);
        (string cert, string key) = ServeProcess.MakeCertificate(directory, "bad");
        File.Copy(key, Path.ChangeExtension(server.CertificatePath, ".key"), overwrite: true);
        File.Copy(cert, server.CertificatePath, overwrite: true);
        // The reloader polls the files about once a second; on a loaded machine that can take longer, so wait for it.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        // Until then the old certificate is presented, which no longer validates against the replaced file.
        int again = 0;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            try
            {
                (again, _) = await server.GetAsync("/healthz");
            }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                // Not reloaded yet.
            }
        }
        while (server.Presented!.Thumbprint == firstThumbprint && waited.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(200, again);
        Assert.NotEqual(firstThumbprint, server.Presented!.Thumbprint);
        Assert.Contains("TLS certificate reloaded", server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_PinsTagsToDigests_WithAJsonPatch()
    {
        using ServeProcess server = Start(Config("mutate", Rule($"{fixture.Registry.Host}/**")), "mutate");
        string byDigest = $"{fixture.Registry.Host}/app/file@{fixture.DigestA}";

        (_, JsonElement response) = await server.PostAsync("/mutate", AdmissionBodies.Deployment("team", fixture.ImageA, byDigest));

        Assert.True(response.GetProperty("allowed").GetBoolean());
        Assert.Equal("JSONPatch", response.GetProperty("patchType").GetString());
        string patch = Encoding.UTF8.GetString(Convert.FromBase64String(response.GetProperty("patch").GetString()!));
        Assert.Equal($"[{{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"{fixture.ImageA}@{fixture.DigestA}\"}}]", patch);
    }

    [Fact]
    public void BadConfig_StopsTheServiceAtStart_NamingTheFileAndField()
    {
        string config = Config("broken", Rule($"{fixture.Registry.Host}/**", "enforced"));
        (string cert, string key) = ServeProcess.MakeCertificate(fixture.Root, "broken");

        var (exit, _, error) = fixture.Run("serve", "--config", config, "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key);

        Assert.Equal(2, exit);
        Assert.Contains("SG2050", error, StringComparison.Ordinal);
        Assert.Contains("admission-broken.yaml:9:13: spec.images[0].mode: 'enforced' is not allowed", error, StringComparison.Ordinal);

        var (badListen, _, listenError) = fixture.Run("serve", "--config", Config("ok", Rule("x/**")), "--listen", "nowhere", "--tls-cert", cert, "--tls-key", key);
        Assert.Equal(2, badListen);
        Assert.Contains("SG2053", listenError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_StopsGracefully()
    {
        using ServeProcess server = Start(Config("stop", Rule($"{fixture.Registry.Host}/**")), "stop");
        Assert.Equal(200, (await server.GetAsync("/readyz")).Status);

        SupplyGate.Tests.Shared.ProcessResult sent = SupplyGate.Tests.Shared.ProcessRunner.Run("kill", ["-TERM", server.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], fixture.Root);

        Assert.True(sent.ExitCode == 0, sent.All);
        Assert.True(server.WaitForExit(TimeSpan.FromSeconds(30)), "serve did not stop on SIGTERM\n" + server.Log);
        Assert.True(server.Process.ExitCode is 0 or 130, $"exit {server.Process.ExitCode}\n{server.Log}");
        Assert.Contains("supplygate serve: stopped", server.Log, StringComparison.Ordinal);
    }
}

using System.Text;
using System.Text.Json;
using SupplyGate.Core.Admission;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Tests.Advisories.Matching;
using SupplyGate.Core.Tests.Policy;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Admission;

/// <summary>
/// A failure around the per-image verdicts (the host's environment, a bug) still gets an AdmissionReview answer:
/// a denial (fail closed) with status 500 naming SG2999 and the failure, and a log line; never an exception that the
/// web host turns into an empty HTTP 500 the API server cannot explain. Found running the service's image with no
/// /dev/urandom: every review was an empty 500 and nothing was logged.
/// </summary>
[Trait("Category", "unit")]
public sealed class AdmissionReviewHandlerTests : IDisposable
{
    private readonly TempDirectory _dir = new("sg-review-handler");
    private readonly FakeTimeProvider _time = FakeTimeProvider.At("2024-06-02T10:00:00Z");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_failure_around_the_image_verdicts_is_answered_and_logged_not_thrown()
    {
        var log = new List<string>();
        using var store = new AdvisoryStoreSource(null, () => new InMemoryAdvisoryStore([], builtAt: _time.Now.AddHours(-1)));
        var admission = new ImageAdmission(Config(), _ => throw new InvalidOperationException("no registry in this test"), store, new FailingMetrics(), _time);
        using var handler = new AdmissionReviewHandler(admission, NoAdmissionMetrics.Instance, log.Add);

        byte[] answer = await handler.HandleAsync(Encoding.UTF8.GetBytes(PodReview("uid-1", "registry.example/team/web:1.0")), mutate: false, CancellationToken.None);

        using JsonDocument review = JsonDocument.Parse(answer);
        JsonElement response = review.RootElement.GetProperty("response");
        Assert.Equal("uid-1", response.GetProperty("uid").GetString());
        Assert.False(response.GetProperty("allowed").GetBoolean());
        JsonElement status = response.GetProperty("status");
        Assert.Equal(500, status.GetProperty("code").GetInt32());
        string message = status.GetProperty("message").GetString()!;
        Assert.Contains("SG2999", message, StringComparison.Ordinal);
        Assert.Contains("Pod team/web", message, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: metrics are down", message, StringComparison.Ordinal);
        Assert.Contains(log, l => l.StartsWith("admission error Pod team/web: InvalidOperationException: metrics are down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_host_cancelling_still_propagates()
    {
        using var store = new AdvisoryStoreSource(null, () => new InMemoryAdvisoryStore([], builtAt: _time.Now.AddHours(-1)));
        var admission = new ImageAdmission(Config(), _ => throw new InvalidOperationException("no registry in this test"), store, NoAdmissionMetrics.Instance, _time);
        using var handler = new AdmissionReviewHandler(admission, NoAdmissionMetrics.Instance, _ => { });
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.HandleAsync(Encoding.UTF8.GetBytes(PodReview("uid-2", "registry.example/team/web:1.0")), false, cancelled.Token));
    }

    private AdmissionConfig Config()
    {
        string root = _dir.Combine("trusted_root.json");
        if (!File.Exists(root))
        {
            File.Copy(Path.Combine(RepositoryPaths.Fixtures, "sigstore", "sigstore-python", "tuf-store-prod", "trusted_root.json"), root);
        }

        var rule = new AdmissionImageRule(new ImageGlob("**"), root, CertificateIdentityPolicy.Exact("https://ci.example/build"), "https://ci.example/build", "default", AdmissionMode.Enforce);
        return new AdmissionConfig { Source = "test", Images = [rule] };
    }

    private static string PodReview(string uid, string image) =>
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"" + uid + "\","
        + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"pods\"},"
        + "\"name\":\"web\",\"namespace\":\"team\",\"operation\":\"CREATE\",\"userInfo\":{\"username\":\"ci\"},"
        + "\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"namespace\":\"team\"},"
        + "\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"" + image + "\"}]}}}}";

    /// <summary>Reports of a decided image fail: a failure outside the per-image verdict, as the host's could be.</summary>
    private sealed class FailingMetrics : IAdmissionMetrics
    {
        public void Review(string decision, string reason, string @namespace, string operation, TimeSpan duration)
        {
        }

        public void CacheLookup(string cache, bool hit)
        {
        }

        public void ImageDecided(string reason, TimeSpan duration) => throw new InvalidOperationException("metrics are down");

        public void Recheck(DateTimeOffset at, int rejudged, int newFindings, bool failed)
        {
        }

        public void NewFinding(string decision)
        {
        }

        public void Notification(bool delivered)
        {
        }

        public void InventorySize(int digests)
        {
        }

        public void Findings(IReadOnlyDictionary<(string Severity, string Namespace), int> counts)
        {
        }

        public void StoreBuiltAt(DateTimeOffset builtAt)
        {
        }

        public void KubernetesListed(bool ok, int pods)
        {
        }
    }
}

using System.Text;
using SupplyGate.Core.Admission;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Admission;

[Trait("Category", "unit")]
public sealed class AdmissionConfigReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new("sg-admission-config");

    public AdmissionConfigReaderTests()
    {
        // A real Sigstore trusted root (the public-good instance's), next to the config as a relative path.
        File.Copy(Path.Combine(RepositoryPaths.Fixtures, "sigstore", "sigstore-python", "tuf-store-prod", "trusted_root.json"), _dir.Combine("trusted_root.json"));
    }

    public void Dispose() => _dir.Dispose();

    private const string Minimal = """
        apiVersion: supplygate.dev/v1alpha1
        kind: AdmissionConfig
        spec:
          images:
            - match: "registry.example/team/**"          # glob on the image reference
              trustedRoot: trusted_root.json
              certificateIdentityRegexp: "^https://ci\\.example/"
              policy: default                               # preset or file
              mode: enforce                                 # enforce | warn | audit
          unmatched: deny                                   # deny | allow | warn
          excludeNamespaces: [kube-system]
        """;

    private AdmissionConfig Parse(string yaml) => AdmissionConfigReader.Parse(Encoding.UTF8.GetBytes(yaml), "admission.yaml", _dir.Path);

    [Fact]
    public void TheMinimalFormOfTheDocs_Parses()
    {
        AdmissionConfig config = Parse(Minimal);

        AdmissionImageRule rule = Assert.Single(config.Images);
        Assert.Equal(_dir.Combine("trusted_root.json"), rule.TrustedRootPath);
        Assert.Equal("regexp:^https://ci\\.example/", rule.IdentityRule);
        Assert.Equal("default", rule.Policy);
        Assert.Equal(AdmissionMode.Enforce, rule.Mode);
        Assert.Equal(UnmatchedAction.Deny, config.Unmatched);
        Assert.Equal(["kube-system"], config.ExcludeNamespaces);
        Assert.Same(rule, config.RuleFor("registry.example/team/app:1.0"));
        Assert.Null(config.RuleFor("registry.example/other/app:1.0"));
    }

    [Fact]
    public void OptionalSettings_Parse()
    {
        AdmissionConfig config = Parse(Minimal.Replace("  excludeNamespaces: [kube-system]", """
              excludeNamespaces: [kube-system]
              budget: 2500ms
              tagTtl: 1m
              maxConcurrentReviews: 8
              maxRequestBytes: 65536
              recheck:
                storePollInterval: 5s
                notifyUrl: https://hooks.example/supplygate
                staticImages: [registry.example/team/app:1.0]
            """, StringComparison.Ordinal));

        Assert.Equal(TimeSpan.FromMilliseconds(2500), config.Budget);
        Assert.Equal(TimeSpan.FromMinutes(1), config.TagTtl);
        Assert.Equal(8, config.MaxConcurrentReviews);
        Assert.Equal(65536, config.MaxRequestBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), config.StorePollInterval);
        Assert.Equal(new Uri("https://hooks.example/supplygate"), config.NotifyUrl);
        Assert.Equal(["registry.example/team/app:1.0"], config.StaticImages);
    }

    [Theory]
    [InlineData("mode: enforce", "mode: enforced", "admission.yaml:9:13: spec.images[0].mode: 'enforced' is not allowed (expected enforce, warn, audit)")]
    [InlineData("unmatched: deny", "unmatched: block", "admission.yaml:10:14: spec.unmatched: 'block' is not allowed (expected deny, allow, warn)")]
    [InlineData("policy: default", "polcy: default", "admission.yaml:8:7: spec.images[0].polcy: unknown key")]
    [InlineData("trustedRoot: trusted_root.json", "trustedRoot: missing.json", "admission.yaml:6:20: spec.images[0].trustedRoot: ")]
    [InlineData("policy: default", "policy: nowhere.yaml", "admission.yaml:8:15: spec.images[0].policy: 'nowhere.yaml' is neither a preset")]
    [InlineData("kind: AdmissionConfig", "kind: Policy", "admission.yaml:2:7: kind: 'Policy' is not AdmissionConfig")]
    [InlineData("apiVersion: supplygate.dev/v1alpha1", "apiVersion: supplygate.dev/v2", "admission.yaml:1:13: apiVersion: 'supplygate.dev/v2' is not supported")]
    [InlineData("      certificateIdentityRegexp: \"^https://ci\\\\.example/\"\n", "", "admission.yaml:5:7: spec.images[0]: needs the expected signer")]
    [InlineData("      certificateIdentityRegexp: \"^https://ci\\\\.example/\"\n", "      certificateIdentityRegexp: \"(\"\n", "admission.yaml:7:34: spec.images[0].certificateIdentityRegexp: ")]
    [InlineData("excludeNamespaces: [kube-system]", "excludeNamespaces: kube-system", "admission.yaml:11:22: spec.excludeNamespaces: must be a list")]
    public void EveryError_NamesTheFileLineColumnAndField(string from, string to, string expected)
    {
        string yaml = Minimal.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Minimal, yaml);

        var error = Assert.Throws<InvalidInputException>(() => Parse(yaml));

        Assert.Equal(DiagnosticCode.AdmissionConfigInvalid, error.Code);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenYaml_IsSG2050_NotACrash()
    {
        var error = Assert.Throws<InvalidInputException>(() => Parse("spec: [unclosed"));

        Assert.Equal(DiagnosticCode.AdmissionConfigInvalid, error.Code);
        Assert.Contains("is not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_NamesIt()
    {
        var error = Assert.Throws<InvalidInputException>(() => AdmissionConfigReader.Load(_dir.Combine("nope.yaml")));

        Assert.Contains("nope.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedExample_ParsesAgainstItsOwnDirectory()
    {
        string example = Path.Combine(RepositoryPaths.Root, "deploy", "examples", "admission.yaml");
        File.Copy(example, _dir.Combine("admission.yaml"));

        AdmissionConfig config = AdmissionConfigReader.Load(_dir.Combine("admission.yaml"));

        Assert.NotEmpty(config.Images);
    }

    /// <summary>The schema in policies/ and the reader describe the same document: the same keys at each level.</summary>
    [Fact]
    public void Schema_AndReader_KnowTheSameKeys()
    {
        using var schema = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "policies", "admission-config.schema.json")));
        System.Text.Json.JsonElement spec = schema.RootElement.GetProperty("properties").GetProperty("spec");
        static string[] Keys(System.Text.Json.JsonElement o) => [.. o.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

        Assert.Equal(["budget", "db", "excludeNamespaces", "images", "maxConcurrentReviews", "maxRequestBytes", "metrics", "platform", "recheck", "tagTtl", "unmatched"], Keys(spec));
        Assert.Equal(["certificateIdentity", "certificateIdentityRegexp", "match", "mode", "policy", "trustedRoot"], Keys(spec.GetProperty("properties").GetProperty("images").GetProperty("items")));
        Assert.Equal(["advisorySource", "kubernetes", "notifyUrl", "staticImages", "storePollInterval"], Keys(spec.GetProperty("properties").GetProperty("recheck")));
        Assert.Equal(["oci", "pollInterval"], Keys(spec.GetProperty("properties").GetProperty("recheck").GetProperty("properties").GetProperty("advisorySource")));
        Assert.Equal(["enabled", "maxPods", "pageSize", "pollInterval", "requestTimeout"], Keys(spec.GetProperty("properties").GetProperty("recheck").GetProperty("properties").GetProperty("kubernetes")));

        // Each key the schema names is accepted by the reader, and an unknown one is refused.
        string full = Minimal.Replace("  excludeNamespaces: [kube-system]", """
              excludeNamespaces: [kube-system]
              budget: 1s
              tagTtl: 1s
              platform: linux/arm64
              db: advisories.db
              maxConcurrentReviews: 2
              maxRequestBytes: 2048
              metrics: {perAdvisory: true}
              recheck: {storePollInterval: 1s, notifyUrl: "http://127.0.0.1:1/", staticImages: [a/b:c], kubernetes: {enabled: true, pollInterval: 5s, pageSize: 100, maxPods: 1000, requestTimeout: 3s}, advisorySource: {oci: m.example/db, pollInterval: 1m}}
            """, StringComparison.Ordinal).Replace("mode: enforce", "mode: warn\n      certificateIdentity: x", StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => Parse(full));
        Parse(full.Replace("\n      certificateIdentity: x", string.Empty, StringComparison.Ordinal));
        Assert.Throws<InvalidInputException>(() => Parse(Minimal.Replace("unmatched: deny", "unmatched: deny\n  extra: 1", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("linux/ARM64", "linux/arm64")]
    [InlineData("linux/arm/v7", "linux/arm/v7")]
    public void Platform_IsReadNormalised(string value, string expected)
    {
        Assert.Equal(expected, Parse(Minimal.Replace("unmatched: deny", $"unmatched: deny\n  platform: {value}", StringComparison.Ordinal)).Platform);
        Assert.Null(Parse(Minimal).Platform);
    }

    [Fact]
    public void Platform_ThatIsNotOne_IsSG2050NamingTheField()
    {
        InvalidInputException error = Assert.Throws<InvalidInputException>(() => Parse(Minimal.Replace("unmatched: deny", "unmatched: deny\n  platform: arm64", StringComparison.Ordinal)));

        Assert.Equal(DiagnosticCode.AdmissionConfigInvalid, error.Code);
        Assert.Contains("spec.platform", error.Message, StringComparison.Ordinal);
        Assert.Contains("'arm64' is not a platform", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecheckKubernetes_IsRead_AndABadValueNamesItsField()
    {
        AdmissionConfig config = Parse(Minimal + "\n  recheck:\n    kubernetes: {enabled: true, pollInterval: 15s, maxPods: 200}\n");
        Assert.Equal(new KubernetesInventory { Enabled = true, PollInterval = TimeSpan.FromSeconds(15), MaxPods = 200 }, config.Kubernetes);
        Assert.False(Parse(Minimal).Kubernetes.Enabled);

        var error = Assert.Throws<InvalidInputException>(() => Parse(Minimal + "\n  recheck:\n    kubernetes: {enabled: yes}\n"));
        Assert.Contains("spec.recheck.kubernetes.enabled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecheckAdvisorySource_IsRead_AndAPinnedOrMissingReferenceNamesItsField()
    {
        AdmissionConfig config = Parse(Minimal + "\n  recheck:\n    advisorySource: {oci: \"mirror.example:5000/security/advisory-db:latest\", pollInterval: 90s}\n");
        Assert.Equal(new AdvisoryOciSource { Reference = "mirror.example:5000/security/advisory-db:latest", PollInterval = TimeSpan.FromSeconds(90) }, config.AdvisorySource);
        Assert.Equal(TimeSpan.FromMinutes(5), Parse(Minimal + "\n  recheck:\n    advisorySource: {oci: m.example/db}\n").AdvisorySource!.PollInterval);
        Assert.Null(Parse(Minimal).AdvisorySource);
        Assert.True(Parse(Minimal + "\n  metrics: {perAdvisory: true}\n").PerAdvisoryMetrics);
        Assert.False(Parse(Minimal).PerAdvisoryMetrics);

        var pinned = Assert.Throws<InvalidInputException>(() => Parse(Minimal + "\n  recheck:\n    advisorySource: {oci: \"m.example/db@sha256:" + new string('a', 64) + "\"}\n"));
        Assert.Contains("spec.recheck.advisorySource.oci", pinned.Message, StringComparison.Ordinal);
        Assert.Contains("a digest would never change", pinned.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<InvalidInputException>(() => Parse(Minimal + "\n  recheck:\n    advisorySource: {pollInterval: 1m}\n"));
        Assert.Contains("oci", missing.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<InvalidInputException>(() => Parse(Minimal + "\n  recheck:\n    advisorySource: {oci: m.example/db, url: x}\n"));
        Assert.Contains("url", unknown.Message, StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Text;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Policy;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SupplyGate.Core.Admission;

/// <summary>
/// Reads an <see cref="AdmissionConfig"/> from YAML (YamlDotNet's representation model: no reflection, so it stays
/// trimmable). Every error is SG2050 naming the file, line, column and field:
/// <c>admission.yaml:7:13: spec.images[0].mode: 'enforced' is not a mode (expected enforce, warn or audit)</c>.
/// Relative trustedRoot and policy paths are resolved against the config file's directory, and the trusted roots
/// are read now, so a broken file stops the service at start and not at the first admission.
/// </summary>
public static class AdmissionConfigReader
{
    private static readonly string[] TopKeys = ["apiVersion", "kind", "metadata", "spec"];
    private static readonly string[] SpecKeys = ["images", "unmatched", "excludeNamespaces", "budget", "tagTtl", "db", "maxConcurrentReviews", "maxRequestBytes", "recheck", "platform", "metrics"];
    private static readonly string[] MetricsKeys = ["perAdvisory"];
    private static readonly string[] ImageKeys = ["match", "trustedRoot", "certificateIdentity", "certificateIdentityRegexp", "policy", "mode"];
    private static readonly string[] RecheckKeys = ["storePollInterval", "notifyUrl", "staticImages", "kubernetes", "advisorySource"];
    private static readonly string[] AdvisorySourceKeys = ["oci", "pollInterval"];

    private static readonly string[] KubernetesKeys = ["enabled", "pollInterval", "pageSize", "maxPods", "requestTimeout"];

    public static AdmissionConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] content = InputFile.ReadAllBytes(path, InputKind.Policy, DiagnosticCode.AdmissionConfigInvalid, missingMessage: $"Cannot read admission config '{path}': no such file.");
        return Parse(content, path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static AdmissionConfig Parse(byte[] content, string source, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            return ParseDocument(content, source, baseDirectory);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // YamlDotNet's representation model throws these for duplicate keys, unresolved aliases and the like (found by fuzzing).
            throw Error(source, Mark.Empty, "(document)", "is not a readable admission config: " + ex.Message);
        }
    }

    private static AdmissionConfig ParseDocument(byte[] content, string source, string baseDirectory)
    {
        var stream = new YamlStream();
        try
        {
            using var text = new StreamReader(new MemoryStream(content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            stream.Load(new Parser(text));
        }
        catch (YamlException ex)
        {
            throw Error(source, ex.Start, "(document)", "is not valid YAML: " + ex.Message);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Error(source, Mark.Empty, "(document)", "must be one YAML mapping (apiVersion, kind, spec)");
        }

        var reader = new Reader(source, baseDirectory);
        var top = reader.Mapping(root, "(document)", TopKeys);
        string apiVersion = reader.RequiredString(top, root, "apiVersion", "apiVersion");
        if (apiVersion != AdmissionConfig.ApiVersion)
        {
            throw reader.Error(top["apiVersion"], "apiVersion", $"'{apiVersion}' is not supported (expected {AdmissionConfig.ApiVersion})");
        }

        string kind = reader.RequiredString(top, root, "kind", "kind");
        if (kind != AdmissionConfig.Kind)
        {
            throw reader.Error(top["kind"], "kind", $"'{kind}' is not {AdmissionConfig.Kind}");
        }

        YamlNode specNode = top.TryGetValue("spec", out YamlNode? s) ? s : throw reader.Error(root, "spec", "is missing");
        var spec = reader.Mapping(specNode, "spec", SpecKeys);
        YamlNode imagesNode = spec.TryGetValue("images", out YamlNode? i) ? i : throw reader.Error(specNode, "spec.images", "is missing (a list of rules)");
        var images = reader.Sequence(imagesNode, "spec.images").Select((node, index) => reader.ImageRule(node, $"spec.images[{index}]")).ToArray();

        var config = new AdmissionConfig
        {
            Source = source,
            Images = images,
            Unmatched = spec.TryGetValue("unmatched", out YamlNode? u) ? reader.Enum(u, "spec.unmatched", UnmatchedValues) : UnmatchedAction.Deny,
            ExcludeNamespaces = spec.TryGetValue("excludeNamespaces", out YamlNode? e) ? reader.Sequence(e, "spec.excludeNamespaces").Select((n, k) => reader.String(n, $"spec.excludeNamespaces[{k}]")).ToArray() : [],
            Db = spec.TryGetValue("db", out YamlNode? db) ? reader.Path(reader.String(db, "spec.db")) : null,
        };
        if (spec.TryGetValue("budget", out YamlNode? budget))
        {
            config = config with { Budget = reader.Duration(budget, "spec.budget", TimeSpan.FromMinutes(1)) };
        }

        if (spec.TryGetValue("tagTtl", out YamlNode? ttl))
        {
            config = config with { TagTtl = reader.Duration(ttl, "spec.tagTtl", TimeSpan.FromHours(1)) };
        }

        if (spec.TryGetValue("platform", out YamlNode? platformNode))
        {
            string text = reader.String(platformNode, "spec.platform");
            config = config with
            {
                Platform = Attestations.Publishing.IndexPlatforms.TryParse(text, out string platform)
                    ? platform
                    : throw reader.Error(platformNode, "spec.platform", $"'{text}' is not a platform: expected os/arch or os/arch/variant, e.g. linux/amd64"),
            };
        }

        if (spec.TryGetValue("maxConcurrentReviews", out YamlNode? concurrency))
        {
            config = config with { MaxConcurrentReviews = reader.Integer(concurrency, "spec.maxConcurrentReviews", 1, 10_000) };
        }

        if (spec.TryGetValue("maxRequestBytes", out YamlNode? bytes))
        {
            config = config with { MaxRequestBytes = reader.Integer(bytes, "spec.maxRequestBytes", 1024, 64 * 1024 * 1024) };
        }

        if (spec.TryGetValue("metrics", out YamlNode? metricsNode)
            && reader.Mapping(metricsNode, "spec.metrics", MetricsKeys).TryGetValue("perAdvisory", out YamlNode? perAdvisory))
        {
            config = config with { PerAdvisoryMetrics = reader.Enum(perAdvisory, "spec.metrics.perAdvisory", [("true", true), ("false", false)]) };
        }

        if (spec.TryGetValue("recheck", out YamlNode? recheckNode))
        {
            var recheck = reader.Mapping(recheckNode, "spec.recheck", RecheckKeys);
            if (recheck.TryGetValue("storePollInterval", out YamlNode? poll))
            {
                config = config with { StorePollInterval = reader.Duration(poll, "spec.recheck.storePollInterval", TimeSpan.FromHours(24)) };
            }

            if (recheck.TryGetValue("notifyUrl", out YamlNode? url))
            {
                string value = reader.String(url, "spec.recheck.notifyUrl");
                config = config with
                {
                    NotifyUrl = Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                        ? uri
                        : throw reader.Error(url, "spec.recheck.notifyUrl", $"'{value}' is not an absolute http(s) URL"),
                };
            }

            if (recheck.TryGetValue("staticImages", out YamlNode? list))
            {
                config = config with { StaticImages = reader.Sequence(list, "spec.recheck.staticImages").Select((n, k) => reader.String(n, $"spec.recheck.staticImages[{k}]")).ToArray() };
            }

            if (recheck.TryGetValue("kubernetes", out YamlNode? kubernetesNode))
            {
                config = config with { Kubernetes = ReadKubernetes(reader, kubernetesNode) };
            }

            if (recheck.TryGetValue("advisorySource", out YamlNode? sourceNode))
            {
                config = config with { AdvisorySource = ReadAdvisorySource(reader, sourceNode) };
            }
        }

        return config;
    }

    private static AdvisoryOciSource ReadAdvisorySource(Reader reader, YamlNode node)
    {
        const string Field = "spec.recheck.advisorySource";
        var map = reader.Mapping(node, Field, AdvisorySourceKeys);
        string reference = reader.RequiredString(map, node, "oci", Field + ".oci");
        if (!Oci.ImageReference.TryParse(reference, out Oci.ImageReference? parsed, out string? error) || parsed!.Digest is not null)
        {
            throw reader.Error(map["oci"], Field + ".oci", $"'{reference}' is not an OCI reference with a tag (registry/repository:tag; a digest would never change){(error is null ? string.Empty : ": " + error)}");
        }

        var source = new AdvisoryOciSource { Reference = reference };
        if (map.TryGetValue("pollInterval", out YamlNode? poll))
        {
            source = source with { PollInterval = reader.Duration(poll, Field + ".pollInterval", TimeSpan.FromDays(1)) };
        }

        return source;
    }

    private static KubernetesInventory ReadKubernetes(Reader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "spec.recheck.kubernetes", KubernetesKeys);
        var kubernetes = new KubernetesInventory();
        if (map.TryGetValue("enabled", out YamlNode? enabled))
        {
            kubernetes = kubernetes with { Enabled = reader.Enum(enabled, "spec.recheck.kubernetes.enabled", [("true", true), ("false", false)]) };
        }

        if (map.TryGetValue("pollInterval", out YamlNode? poll))
        {
            kubernetes = kubernetes with { PollInterval = reader.Duration(poll, "spec.recheck.kubernetes.pollInterval", TimeSpan.FromHours(24)) };
        }

        if (map.TryGetValue("pageSize", out YamlNode? page))
        {
            kubernetes = kubernetes with { PageSize = reader.Integer(page, "spec.recheck.kubernetes.pageSize", 1, 5000) };
        }

        if (map.TryGetValue("maxPods", out YamlNode? max))
        {
            kubernetes = kubernetes with { MaxPods = reader.Integer(max, "spec.recheck.kubernetes.maxPods", 1, 1_000_000) };
        }

        if (map.TryGetValue("requestTimeout", out YamlNode? timeout))
        {
            kubernetes = kubernetes with { RequestTimeout = reader.Duration(timeout, "spec.recheck.kubernetes.requestTimeout", TimeSpan.FromMinutes(5)) };
        }

        return kubernetes;
    }

    private static readonly (string Name, AdmissionMode Value)[] ModeValues = [("enforce", AdmissionMode.Enforce), ("warn", AdmissionMode.Warn), ("audit", AdmissionMode.Audit)];
    private static readonly (string Name, UnmatchedAction Value)[] UnmatchedValues = [("deny", UnmatchedAction.Deny), ("allow", UnmatchedAction.Allow), ("warn", UnmatchedAction.Warn)];

    private static InvalidInputException Error(string source, Mark mark, string field, string what)
    {
        string detail = $"{field}: {what}";
        return new InvalidInputException(DiagnosticCode.AdmissionConfigInvalid, $"{source}:{mark.Line}:{mark.Column}: {detail}", source)
        {
            Line = checked((int)mark.Line),
            Column = checked((int)mark.Column),
            Detail = detail,
        };
    }

    private sealed class Reader(string source, string baseDirectory)
    {
        public InvalidInputException Error(YamlNode node, string field, string what) => AdmissionConfigReader.Error(source, node.Start, field, what);

        public string Path(string value) => System.IO.Path.GetFullPath(value, baseDirectory);

        public IReadOnlyDictionary<string, YamlNode> Mapping(YamlNode node, string field, IReadOnlyList<string> allowed)
        {
            if (node is not YamlMappingNode mapping)
            {
                throw Error(node, field, "must be a mapping of " + string.Join(", ", allowed));
            }

            var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach ((YamlNode key, YamlNode value) in mapping.Children)
            {
                string name = (key as YamlScalarNode)?.Value ?? string.Empty;
                string child = field == "(document)" ? name : $"{field}.{name}";
                if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    throw Error(key, child, $"unknown key (expected one of {string.Join(", ", allowed)})");
                }

                if (!result.TryAdd(name, value))
                {
                    throw Error(key, child, "appears twice");
                }
            }

            return result;
        }

        public IReadOnlyList<YamlNode> Sequence(YamlNode node, string field) =>
            node is YamlSequenceNode sequence ? sequence.Children.ToArray() : throw Error(node, field, "must be a list");

        public string String(YamlNode node, string field) =>
            node is YamlScalarNode { Value: { Length: > 0 } value } ? value : throw Error(node, field, "must be a non-empty string");

        public string RequiredString(IReadOnlyDictionary<string, YamlNode> map, YamlNode owner, string key, string field) =>
            map.TryGetValue(key, out YamlNode? node) ? String(node, field) : throw Error(owner, field, "is missing");

        public T Enum<T>(YamlNode node, string field, (string Name, T Value)[] values)
        {
            string text = String(node, field);
            foreach ((string name, T value) in values)
            {
                if (name == text)
                {
                    return value;
                }
            }

            throw Error(node, field, $"'{text}' is not allowed (expected {string.Join(", ", values.Select(v => v.Name))})");
        }

        public int Integer(YamlNode node, string field, int min, int max) =>
            int.TryParse(String(node, field), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
                ? value
                : throw Error(node, field, $"must be a whole number from {min} to {max}");

        /// <summary>Durations as <c>500ms</c>, <c>3s</c>, <c>5m</c> or <c>1h</c>.</summary>
        public TimeSpan Duration(YamlNode node, string field, TimeSpan max)
        {
            string text = String(node, field);
            (string number, Func<double, TimeSpan> unit) =
                text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], TimeSpan.FromMilliseconds)
                : text.EndsWith('s') ? (text[..^1], TimeSpan.FromSeconds)
                : text.EndsWith('m') ? (text[..^1], TimeSpan.FromMinutes)
                : text.EndsWith('h') ? (text[..^1], (Func<double, TimeSpan>)TimeSpan.FromHours)
                : (string.Empty, TimeSpan.FromSeconds);
            return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n) && n > 0 && unit(n) <= max
                ? unit(n)
                : throw Error(node, field, $"'{text}' is not a duration up to {max.TotalSeconds:0} s (write 500ms, 3s, 5m or 1h)");
        }

        public AdmissionImageRule ImageRule(YamlNode node, string field)
        {
            var map = Mapping(node, field, ImageKeys);
            string match = RequiredString(map, node, "match", field + ".match");
            string trustedRoot = Path(RequiredString(map, node, "trustedRoot", field + ".trustedRoot"));
            try
            {
                TrustedRootReader.ReadFile(trustedRoot);
            }
            catch (InvalidInputException ex)
            {
                throw Error(map["trustedRoot"], field + ".trustedRoot", ex.Message);
            }

            bool exact = map.TryGetValue("certificateIdentity", out YamlNode? exactNode);
            bool pattern = map.TryGetValue("certificateIdentityRegexp", out YamlNode? patternNode);
            (CertificateIdentityPolicy identity, string rule) = (exact, pattern) switch
            {
                (true, false) => (CertificateIdentityPolicy.Exact(String(exactNode!, field + ".certificateIdentity")), "exact:" + String(exactNode!, field + ".certificateIdentity")),
                (false, true) => (PatternPolicy(patternNode!, field + ".certificateIdentityRegexp"), "regexp:" + String(patternNode!, field + ".certificateIdentityRegexp")),
                (true, true) => throw Error(node, field, "names both certificateIdentity and certificateIdentityRegexp; keep one"),
                _ => throw Error(node, field, "needs the expected signer: certificateIdentity or certificateIdentityRegexp (a signature from anyone the CA certified proves nothing)"),
            };
            string policy = map.TryGetValue("policy", out YamlNode? policyNode) ? String(policyNode, field + ".policy") : "default";
            if (!PolicyDocument.PresetNames.Contains(policy, StringComparer.Ordinal))
            {
                string file = Path(policy);
                if (!File.Exists(file))
                {
                    throw Error(policyNode!, field + ".policy", $"'{policy}' is neither a preset ({string.Join(", ", PolicyDocument.PresetNames)}) nor a file next to the config");
                }

                policy = file;
            }

            AdmissionMode mode = map.TryGetValue("mode", out YamlNode? modeNode) ? Enum(modeNode, field + ".mode", ModeValues) : AdmissionMode.Enforce;
            return new AdmissionImageRule(new ImageGlob(match), trustedRoot, identity, rule, policy, mode);
        }

        private CertificateIdentityPolicy PatternPolicy(YamlNode node, string field)
        {
            string pattern = String(node, field);
            try
            {
                return CertificateIdentityPolicy.Pattern(pattern);
            }
            catch (InvalidInputException ex)
            {
                throw Error(node, field, ex.Message);
            }
        }
    }
}

using SupplyGate.Core.Policy.Patterns;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Policy;

/// <summary>
/// Reads a policy document (docs/policy.md, policies/policy.schema.json) from YAML. Keys not listed in
/// <see cref="Keys"/> are errors, not ignored: a misspelt <c>supressions</c> that silently did nothing would
/// fail open. An omitted key takes the value of <c>policies/default.yaml</c>.
/// </summary>
internal static class PolicyParser
{
    /// <summary>
    /// Every mapping in the document and the keys it may have; <c>[]</c> marks list items. The schema test
    /// checks policy.schema.json against this table in both directions.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [""] = ["apiVersion", "kind", "metadata", "spec"],
        ["metadata"] = ["name", "description"],
        ["spec"] = ["advisories", "suppressions", "suppressionsRequireExpiry", "vex", "licenses", "packages", "runtime", "data", "image", "secrets"],
        ["spec.advisories"] = ["critical", "high", "medium", "low", "unknown", "fixedOnly", "scopes", "unfixed"],
        ["spec.advisories.unfixed"] = ["os", "library"],
        ["spec.suppressions[]"] = ["advisory", "purl", "versions", "reason", "expires"],
        ["spec.licenses"] = ["action", "unknown", "allow", "deny", "scopes"],
        ["spec.packages"] = ["action", "deny", "endOfLife"],
        ["spec.packages.deny[]"] = ["purl", "versions", "reason"],
        ["spec.runtime"] = ["endOfLife", "hostPatch"],
        ["spec.data"] = ["maxAge", "action"],
        ["spec.image"] = ["allowedRegistries", "allowedRepositories", "allowedAction", "requireDigest", "nonRoot", "maxBaseAgeDays", "maxBaseAgeAction", "deniedPackages", "deniedPackagesAction", "platforms"],
        ["spec.image.deniedPackages[]"] = ["name", "versions", "reason"],
        ["spec.secrets"] = ["action", "allow"],
        ["spec.secrets.allow[]"] = ["path", "rule", "reason"],
    };

    private static readonly string[] ScopeValues = [ComponentScopes.Required, ComponentScopes.Optional, ComponentScopes.Excluded];

    /// <summary>A policy file: YAML, read with YamlDotNet.</summary>
    public static PolicyDocument Parse(byte[] content, string source, string? baseDirectory)
    {
        var reader = new PolicyYamlReader(source);
        return Parse(PolicyYamlTree.Load(content, reader), reader, content, baseDirectory);
    }

    /// <summary>
    /// A document already read into nodes: a preset's built-in tree, or a file's YAML. <paramref name="content"/> is
    /// the YAML bytes the document is named by (<see cref="PolicyDocument.Digest"/>).
    /// </summary>
    public static PolicyDocument Parse(PolicyNode root, PolicyYamlReader reader, byte[] content, string? baseDirectory)
    {
        string source = reader.Source;
        IReadOnlyDictionary<string, PolicyNode> top = reader.Mapping(root, string.Empty, Keys[""]);

        string apiVersion = reader.RequiredText(top, root, "apiVersion", "document", PolicyDocument.CurrentApiVersion);
        if (apiVersion != PolicyDocument.CurrentApiVersion)
        {
            throw reader.Error(top["apiVersion"], $"unsupported apiVersion '{apiVersion}'", PolicyDocument.CurrentApiVersion);
        }

        string kind = reader.RequiredText(top, root, "kind", "document", PolicyDocument.PolicyKind);
        if (kind != PolicyDocument.PolicyKind)
        {
            throw reader.Error(top["kind"], $"kind '{kind}' is not a policy", PolicyDocument.PolicyKind);
        }

        PolicyNode metadataNode = top.TryGetValue("metadata", out PolicyNode? m) && !PolicyYamlReader.IsNull(m)
            ? m
            : throw reader.Error(root, "the document has no 'metadata'", "metadata: {name: <policy name>}");
        IReadOnlyDictionary<string, PolicyNode> metadata = reader.Mapping(metadataNode, "metadata", Keys["metadata"]);
        string name = reader.RequiredText(metadata, metadataNode, "name", "metadata", "a policy name");
        string? description = metadata.TryGetValue("description", out PolicyNode? d) && !PolicyYamlReader.IsNull(d)
            ? reader.String(d, "metadata.description")
            : null;

        var document = new PolicyDocument
        {
            Name = name,
            Description = description,
            Source = source,
            BaseDirectory = baseDirectory,
            Content = content,
        };
        PolicyDocument parsed = top.TryGetValue("spec", out PolicyNode? spec) && !PolicyYamlReader.IsNull(spec)
            ? ParseSpec(reader, spec, document)
            : throw reader.Error(root, "the document has no 'spec'", "spec: with rules, or spec: {} for the defaults");
        reader.ThrowCollected();
        return parsed;
    }

    private static PolicyDocument ParseSpec(PolicyYamlReader reader, PolicyNode specNode, PolicyDocument document)
    {
        IReadOnlyDictionary<string, PolicyNode> spec = reader.Mapping(specNode, "spec", Keys["spec"]);
        bool requireExpiry = reader.Collect(() => spec.TryGetValue("suppressionsRequireExpiry", out PolicyNode? r) && reader.Boolean(r, "spec.suppressionsRequireExpiry"), false);

        // Each section is parsed on its own, so an error in one does not hide the errors of the others.
        T Section<T>(string key, Func<PolicyNode, T> parse, T fallback) =>
            spec.TryGetValue(key, out PolicyNode? node) && !PolicyYamlReader.IsNull(node) ? reader.Collect(() => parse(node), fallback) : fallback;
        return document with
        {
            Advisories = Section("advisories", a => ParseAdvisories(reader, a), new AdvisoryRules()),
            Suppressions = spec.TryGetValue("suppressions", out PolicyNode? s) ? ParseSuppressions(reader, s, requireExpiry) : [],
            SuppressionsRequireExpiry = requireExpiry,
            Vex = spec.TryGetValue("vex", out PolicyNode? v) ? reader.Collect(() => reader.StringList(v, "spec.vex"), []) : [],
            Licenses = Section("licenses", l => ParseLicenses(reader, l), new LicenseRules()),
            Packages = Section("packages", p => ParsePackages(reader, p), new PackageRules()),
            Runtime = Section("runtime", rt => ParseRuntime(reader, rt), new RuntimeRules()),
            Data = Section("data", dt => ParseData(reader, dt), new DataRules()),
            Image = Section("image", im => ImageRulesParser.Parse(reader, im), new ImageRules()),
            Secrets = Section("secrets", se => SecretRulesParser.Parse(reader, se), new SecretRules()),
        };
    }

    private static AdvisoryRules ParseAdvisories(PolicyYamlReader reader, PolicyNode node)
    {
        const string Path = "spec.advisories";
        IReadOnlyDictionary<string, PolicyNode> map = reader.Mapping(node, Path, Keys[Path]);
        var rules = new AdvisoryRules();
        RuleAction Get(string key, RuleAction fallback) => map.TryGetValue(key, out PolicyNode? n) ? reader.Action(n, $"{Path}.{key}") : fallback;
        return rules with
        {
            Critical = Get("critical", rules.Critical),
            High = Get("high", rules.High),
            Medium = Get("medium", rules.Medium),
            Low = Get("low", rules.Low),
            Unknown = Get("unknown", rules.Unknown),
            FixedOnly = map.TryGetValue("fixedOnly", out PolicyNode? f) && reader.Boolean(f, $"{Path}.fixedOnly"),
            Scopes = map.TryGetValue("scopes", out PolicyNode? s) ? Scopes(reader, s, $"{Path}.scopes") : rules.Scopes,
            Unfixed = map.TryGetValue("unfixed", out PolicyNode? u) && !PolicyYamlReader.IsNull(u) ? ParseUnfixed(reader, u) : rules.Unfixed,
        };
    }

    private static UnfixedRules ParseUnfixed(PolicyYamlReader reader, PolicyNode node)
    {
        const string Path = "spec.advisories.unfixed";
        IReadOnlyDictionary<string, PolicyNode> map = reader.Mapping(node, Path, Keys[Path]);
        var rules = new UnfixedRules();
        return new UnfixedRules
        {
            Os = map.TryGetValue("os", out PolicyNode? o) ? reader.UnfixedAction(o, $"{Path}.os") : rules.Os,
            Library = map.TryGetValue("library", out PolicyNode? l) ? reader.UnfixedAction(l, $"{Path}.library") : rules.Library,
        };
    }

    private static List<Suppression> ParseSuppressions(PolicyYamlReader reader, PolicyNode node, bool requireExpiry)
    {
        var result = new List<Suppression>();
        foreach ((PolicyNode item, int i) in reader.Collect(() => reader.Sequence(node, "spec.suppressions"), []).Select((n, i) => (n, i)))
        {
            if (reader.Collect(() => ParseSuppression(reader, item, i, requireExpiry), null) is { } suppression)
            {
                result.Add(suppression);
            }
        }

        return result;
    }

    private static Suppression ParseSuppression(PolicyYamlReader reader, PolicyNode item, int i, bool requireExpiry)
    {
        string path = $"spec.suppressions[{i}]";
        IReadOnlyDictionary<string, PolicyNode> map = reader.Mapping(item, path, Keys["spec.suppressions[]"]);
        string advisory = reader.RequiredText(map, item, "advisory", path, "an advisory id or alias, e.g. GHSA-98g6-xh36-x2p7");
        string reason = reader.RequiredText(map, item, "reason", path, "why this advisory does not apply; suppressions without a reason are not accepted");
        DateOnly? expires = map.TryGetValue("expires", out PolicyNode? e) && !PolicyYamlReader.IsNull(e) ? reader.Date(e, $"{path}.expires") : null;
        if (requireExpiry && expires is null)
        {
            throw reader.Error(item, $"suppression of {advisory} has no 'expires'", "an expiry date yyyy-mm-dd: spec.suppressionsRequireExpiry is true");
        }

        return new Suppression
        {
            Advisory = advisory,
            Purl = OptionalPurlPattern(reader, map, path),
            Versions = OptionalRange(reader, map, path),
            Reason = reason,
            Expires = expires,
            Line = checked((int)item.Line),
        };
    }

    private static LicenseRules ParseLicenses(PolicyYamlReader reader, PolicyNode node)
    {
        const string Path = "spec.licenses";
        IReadOnlyDictionary<string, PolicyNode> map = reader.Mapping(node, Path, Keys[Path]);
        var rules = new LicenseRules();
        return rules with
        {
            Action = map.TryGetValue("action", out PolicyNode? a) ? reader.Action(a, $"{Path}.action") : rules.Action,
            Unknown = map.TryGetValue("unknown", out PolicyNode? u) ? reader.Action(u, $"{Path}.unknown") : rules.Unknown,
            Allow = map.TryGetValue("allow", out PolicyNode? al) ? reader.StringList(al, $"{Path}.allow") : [],
            Deny = map.TryGetValue("deny", out PolicyNode? de) ? reader.StringList(de, $"{Path}.deny") : [],
            Scopes = map.TryGetValue("scopes", out PolicyNode? s) ? Scopes(reader, s, $"{Path}.scopes") : rules.Scopes,
        };
    }

    private static PackageRules ParsePackages(PolicyYamlReader reader, PolicyNode node)
    {
        const string Path = "spec.packages";
        IReadOnlyDictionary<string, PolicyNode> map = reader.Mapping(node, Path, Keys[Path]);
        var deny = new List<PackageDenyEntry>();
        IReadOnlyList<PolicyNode> items = map.TryGetValue("deny", out PolicyNode? d) ? reader.Sequence(d, $"{Path}.deny") : [];
        for (int i = 0; i < items.Count; i++)
        {
            string path = $"{Path}.deny[{i}]";
            IReadOnlyDictionary<string, PolicyNode> entry = reader.Mapping(items[i], path, Keys["spec.packages.deny[]"]);
            deny.Add(new PackageDenyEntry
            {
                Purl = OptionalPurlPattern(reader, entry, path) ?? throw reader.Error(items[i], $"'{path}' has no 'purl'", "a purl pattern, e.g. pkg:nuget/Foo*"),
                Versions = OptionalRange(reader, entry, path),
                Reason = reader.RequiredText(entry, items[i], "reason", path, "why the package is denied"),
            });
        }

        return new PackageRules
        {
            Action = map.TryGetValue("action", out PolicyNode? a) ? reader.Action(a, $"{Path}.action") : RuleAction.Deny,
            Deny = deny,
            EndOfLife = map.TryGetValue("endOfLife", out PolicyNode? e) ? reader.Action(e, $"{Path}.endOfLife") : RuleAction.Warn,
        };
    }

    private static RuntimeRules ParseRuntime(PolicyYamlReader reader, PolicyNode node)
    {
        IReadOnlyDictionary<string, PolicyNode> map = reader.Mapping(node, "spec.runtime", Keys["spec.runtime"]);
        var defaults = new RuntimeRules();
        return new RuntimeRules
        {
            EndOfLife = map.TryGetValue("endOfLife", out PolicyNode? e) ? reader.Action(e, "spec.runtime.endOfLife") : defaults.EndOfLife,
            HostPatch = map.TryGetValue("hostPatch", out PolicyNode? h) ? reader.Action(h, "spec.runtime.hostPatch") : defaults.HostPatch,
        };
    }

    private static DataRules ParseData(PolicyYamlReader reader, PolicyNode node)
    {
        IReadOnlyDictionary<string, PolicyNode> map = reader.Mapping(node, "spec.data", Keys["spec.data"]);
        var rules = new DataRules();
        return rules with
        {
            MaxAge = map.TryGetValue("maxAge", out PolicyNode? m) ? reader.Duration(m, "spec.data.maxAge") : rules.MaxAge,
            Action = map.TryGetValue("action", out PolicyNode? a) ? reader.Action(a, "spec.data.action", allowOff: false) : rules.Action,
        };
    }

    private static string[] Scopes(PolicyYamlReader reader, PolicyNode node, string path)
    {
        IReadOnlyList<PolicyNode> items = reader.Sequence(node, path);
        if (items.Count == 0)
        {
            throw reader.Error(node, $"'{path}' is empty", "at least one of " + string.Join(", ", ScopeValues));
        }

        var scopes = new List<string>();
        foreach (PolicyNode item in items)
        {
            string scope = reader.String(item, path);
            if (!ScopeValues.Contains(scope, StringComparer.Ordinal))
            {
                throw reader.Error(item, $"'{scope}' is not a component scope in '{path}'", string.Join(", ", ScopeValues));
            }

            if (!scopes.Contains(scope, StringComparer.Ordinal))
            {
                scopes.Add(scope);
            }
        }

        return [.. scopes];
    }

    private static string? OptionalPurlPattern(PolicyYamlReader reader, IReadOnlyDictionary<string, PolicyNode> map, string path)
    {
        if (!map.TryGetValue("purl", out PolicyNode? node) || PolicyYamlReader.IsNull(node))
        {
            return null;
        }

        string pattern = reader.String(node, $"{path}.purl");
        return PurlPattern.IsValidPattern(pattern)
            ? pattern
            : throw reader.Error(node, $"'{pattern}' is not a purl pattern", "pkg:<type>/<name>[@<version>], '*' as a wildcard");
    }

    private static string? OptionalRange(PolicyYamlReader reader, IReadOnlyDictionary<string, PolicyNode> map, string path)
    {
        if (!map.TryGetValue("versions", out PolicyNode? node) || PolicyYamlReader.IsNull(node))
        {
            return null;
        }

        string text = reader.String(node, $"{path}.versions");
        return PolicyVersions.TryParseRange(text, out _)
            ? text
            : throw reader.Error(node, $"'{text}' is not a version range", "a NuGet range such as [2.1.4], [1.0,2.0) or (,3.0)");
    }
}

using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Policy;

/// <summary>Reads <c>spec.image</c> (docs/policy.md "image"); keys come from <see cref="PolicyParser.Keys"/>.</summary>
internal static class ImageRulesParser
{
    private const string Path = "spec.image";

    public static ImageRules Parse(PolicyYamlReader reader, PolicyNode node)
    {
        IReadOnlyDictionary<string, PolicyNode> map = reader.Mapping(node, Path, PolicyParser.Keys[Path]);
        var rules = new ImageRules();
        RuleAction Action(string key, RuleAction fallback) => map.TryGetValue(key, out PolicyNode? n) ? reader.Action(n, $"{Path}.{key}") : fallback;
        return rules with
        {
            AllowedRegistries = map.TryGetValue("allowedRegistries", out PolicyNode? r) ? NonBlankList(reader, r, $"{Path}.allowedRegistries") : [],
            AllowedRepositories = map.TryGetValue("allowedRepositories", out PolicyNode? p) ? NonBlankList(reader, p, $"{Path}.allowedRepositories") : [],
            AllowedAction = Action("allowedAction", rules.AllowedAction),
            RequireDigest = Action("requireDigest", rules.RequireDigest),
            NonRoot = Action("nonRoot", rules.NonRoot),
            MaxBaseAgeDays = map.TryGetValue("maxBaseAgeDays", out PolicyNode? m) ? reader.PositiveInteger(m, $"{Path}.maxBaseAgeDays") : rules.MaxBaseAgeDays,
            MaxBaseAgeAction = Action("maxBaseAgeAction", rules.MaxBaseAgeAction),
            DeniedPackages = map.TryGetValue("deniedPackages", out PolicyNode? d) ? DeniedPackages(reader, d) : [],
            DeniedPackagesAction = Action("deniedPackagesAction", rules.DeniedPackagesAction),
            Platforms = map.TryGetValue("platforms", out PolicyNode? f) ? Platforms(reader, f) : [],
        };
    }

    private static string[] NonBlankList(PolicyYamlReader reader, PolicyNode node, string path)
    {
        IReadOnlyList<PolicyNode> items = reader.Sequence(node, path);
        var result = new string[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            string value = reader.String(items[i], $"{path}[{i}]");
            result[i] = string.IsNullOrWhiteSpace(value) || value.Any(char.IsWhiteSpace)
                ? throw reader.Error(items[i], $"'{path}[{i}]' is blank or has spaces", "a name with '*' wildcards, e.g. mcr.microsoft.com")
                : value;
        }

        return result;
    }

    private static string[] Platforms(PolicyYamlReader reader, PolicyNode node)
    {
        IReadOnlyList<PolicyNode> items = reader.Sequence(node, $"{Path}.platforms");
        var result = new List<string>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            string value = reader.String(items[i], $"{Path}.platforms[{i}]");
            if (!Platform.TryParse(value, out Platform? parsed))
            {
                throw reader.Error(items[i], $"'{value}' is not a platform", "os/arch or os/arch/variant, e.g. linux/arm64");
            }

            string platform = parsed.ToString();

            if (!result.Contains(platform, StringComparer.Ordinal))
            {
                result.Add(platform);
            }
        }

        return [.. result];
    }

    private static List<DeniedOsPackage> DeniedPackages(PolicyYamlReader reader, PolicyNode node)
    {
        var result = new List<DeniedOsPackage>();
        IReadOnlyList<PolicyNode> items = reader.Sequence(node, $"{Path}.deniedPackages");
        for (int i = 0; i < items.Count; i++)
        {
            string path = $"{Path}.deniedPackages[{i}]";
            IReadOnlyDictionary<string, PolicyNode> entry = reader.Mapping(items[i], path, PolicyParser.Keys[$"{Path}.deniedPackages[]"]);
            string? versions = null;
            if (entry.TryGetValue("versions", out PolicyNode? v) && !PolicyYamlReader.IsNull(v))
            {
                versions = reader.String(v, $"{path}.versions");
                if (!OsVersionRange.TryParse(versions, out _))
                {
                    throw reader.Error(v, $"'{versions}' is not an OS package version range", "comparisons joined by commas, e.g. '< 3.0.13-1~deb12u1' or '>= 1.0, < 2.0'");
                }
            }

            result.Add(new DeniedOsPackage
            {
                Name = reader.RequiredText(entry, items[i], "name", path, "a package name with '*' wildcards, e.g. openssl"),
                Versions = versions,
                Reason = reader.RequiredText(entry, items[i], "reason", path, "why the package is denied"),
            });
        }

        return result;
    }
}

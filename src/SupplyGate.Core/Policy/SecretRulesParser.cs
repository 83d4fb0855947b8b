using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Policy;

/// <summary>Reads <c>spec.secrets</c> (docs/policy.md "secrets"); keys come from <see cref="PolicyParser.Keys"/>.</summary>
internal static class SecretRulesParser
{
    private const string Path = "spec.secrets";

    public static SecretRules Parse(PolicyYamlReader reader, PolicyNode node)
    {
        IReadOnlyDictionary<string, PolicyNode> map = reader.Mapping(node, Path, PolicyParser.Keys[Path]);
        var rules = new SecretRules();
        return rules with
        {
            Action = map.TryGetValue("action", out PolicyNode? a) ? reader.Action(a, $"{Path}.action") : rules.Action,
            Allow = map.TryGetValue("allow", out PolicyNode? al) ? Allow(reader, al) : [],
        };
    }

    private static List<SecretAllowRule> Allow(PolicyYamlReader reader, PolicyNode node)
    {
        var result = new List<SecretAllowRule>();
        IReadOnlyList<PolicyNode> items = reader.Sequence(node, $"{Path}.allow");
        for (int i = 0; i < items.Count; i++)
        {
            string path = $"{Path}.allow[{i}]";
            IReadOnlyDictionary<string, PolicyNode> entry = reader.Mapping(items[i], path, PolicyParser.Keys[$"{Path}.allow[]"]);
            string? rule = null;
            if (entry.TryGetValue("rule", out PolicyNode? r) && !PolicyYamlReader.IsNull(r))
            {
                // An unknown rule id would allow nothing; failing here is the only way the author finds out.
                rule = reader.String(r, $"{path}.rule");
                if (!BuiltInSecretRules.Ids.Contains(rule, StringComparer.Ordinal))
                {
                    throw reader.Error(r, $"'{rule}' is not a secret rule in '{path}.rule'", string.Join(", ", BuiltInSecretRules.Ids));
                }
            }

            result.Add(new SecretAllowRule
            {
                Path = reader.RequiredText(entry, items[i], "path", path, "a path glob relative to the publish directory or image root, e.g. config/sample.env or **/*.pem"),
                RuleId = rule,
                Reason = reader.RequiredText(entry, items[i], "reason", path, "why these findings are not live secrets"),
                Line = checked((int)items[i].Line),
            });
        }

        return result;
    }
}

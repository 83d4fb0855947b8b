using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Tests.Interop;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SupplyGate.Core.Tests.Policy;

/// <summary>
/// policies/policy.schema.json and the loader must describe the same language: the same keys in both
/// directions, and the same verdict on documents, checked with Ajv (tests/interop/validate-json-schema.mjs).
/// </summary>
[Trait("Category", "integration")]
public sealed class PolicySchemaTests
{
    private static readonly string Root = CycloneDxSchemaValidator.FindRepositoryRoot();
    private static readonly string SchemaPath = Path.Combine(Root, "policies", "policy.schema.json");

    [Fact]
    public void Schema_Keys_EqualLoaderKeys()
    {
        JsonObject schema = JsonNode.Parse(File.ReadAllText(SchemaPath))!.AsObject();
        var fromSchema = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Collect(schema, schema, string.Empty, fromSchema);
        var fromLoader = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((string path, IReadOnlyList<string> keys) in PolicyParser.Keys)
        {
            fromLoader[path] = string.Join(",", keys.Order(StringComparer.Ordinal));
        }

        Assert.Equal(fromLoader, fromSchema);
    }

    [Fact]
    public void Presets_AreValidAgainstSchema()
    {
        string[] files = PolicyDocument.PresetNames.Select(n => Path.Combine(Root, "policies", $"{n}.yaml")).ToArray();

        (int exit, string output) = ValidateYaml(files.Select(File.ReadAllText).ToArray());

        Assert.True(exit == 0, output);
    }

    [Fact]
    public void FullDocument_AcceptedBySchemaAndLoader()
    {
        string yaml = PolicyTestData.Yaml("""
              advisories: {critical: deny, high: warn, medium: off, low: off, unknown: deny, fixedOnly: true, scopes: [required, excluded], unfixed: {os: off, library: info}}
              suppressions:
                - {advisory: GHSA-98g6-xh36-x2p7, purl: "pkg:nuget/Microsoft.Data.SqlClient@*", versions: "[2.1.4]", reason: r, expires: 2026-12-31}
              suppressionsRequireExpiry: true
              vex: [vex/app.openvex.json]
              licenses: {action: warn, unknown: off, allow: [MIT], deny: [GPL-*], scopes: [required, optional]}
              packages: {action: warn, deny: [{purl: "pkg:nuget/log4net*", versions: "(,2.0.10)", reason: old}]}
              runtime: {endOfLife: deny}
              data: {maxAge: 48h, action: deny}
              image:
                allowedRegistries: [mcr.microsoft.com, "*.azurecr.io"]
                allowedRepositories: ["dotnet/*"]
                allowedAction: deny
                requireDigest: warn
                nonRoot: off
                maxBaseAgeDays: 30
                maxBaseAgeAction: deny
                deniedPackages:
                  - {name: openssl, versions: ">= 3.0.0, < 3.0.13-1~deb12u1", reason: CVE-2024-0727}
                  - {name: "telnet*", reason: cleartext}
                deniedPackagesAction: warn
              secrets:
                action: warn
                allow:
                  - {path: "**/*.pem", rule: private-key, reason: test certificates}
                  - {path: .env.sample, reason: sample values}
            """);

        _ = PolicyDocument.Parse(Encoding.UTF8.GetBytes(yaml), "full.yaml");
        (int exit, string output) = ValidateYaml(yaml);

        Assert.True(exit == 0, output);
    }

    [Theory]
    [InlineData("  advisories: {critcal: deny}\n")]
    [InlineData("  advisories: {high: dney}\n")]
    [InlineData("  suppressions:\n    - {advisory: GHSA-1}\n")]
    [InlineData("  suppressions:\n    - {advisory: GHSA-1, reason: r, expires: tomorrow}\n")]
    [InlineData("  suppressionsRequireExpiry: true\n  suppressions:\n    - {advisory: GHSA-1, reason: r}\n")]
    [InlineData("  data: {action: off}\n")]
    [InlineData("  advisories: {unfixed: {os: deny}}\n")]
    [InlineData("  advisories: {unfixed: {deb: info}}\n")]
    [InlineData("  advisories: {unfixed: info}\n")]
    [InlineData("  advisories: {low: info}\n")]
    [InlineData("  data: {maxAge: 7w}\n")]
    [InlineData("  advisories: {scopes: []}\n")]
    [InlineData("  packages: {deny: [{purl: \"nuget/Foo\", reason: r}]}\n")]
    [InlineData("  runtime: {endOfLife: true}\n")]
    [InlineData("  image: {nonroot: deny}\n")]
    [InlineData("  image: {maxBaseAgeDays: 0}\n")]
    [InlineData("  image: {maxBaseAgeDays: \"90\"}\n")]
    [InlineData("  image: {requireDigest: always}\n")]
    [InlineData("  image: {allowedRegistries: mcr.microsoft.com}\n")]
    [InlineData("  image: {deniedPackages: [{name: openssl}]}\n")]
    [InlineData("  image: {deniedPackages: [{name: openssl, versions: \"3.0.13\", reason: r}]}\n")]
    [InlineData("  image: {deniedPackages: [{name: openssl, versions: \"< 1.0,\", reason: r}]}\n")]
    [InlineData("  secrets: {action: block}\n")]
    [InlineData("  secrets: {allow: [{path: a.json}]}\n")]
    [InlineData("  secrets: {allow: [{path: a.json, rule: password, reason: r}]}\n")]
    [InlineData("  secrets: {allow: [{path: \"  \", reason: r}]}\n")]
    public void InvalidDocument_RejectedBySchemaAndLoader(string spec)
    {
        string yaml = PolicyTestData.Yaml(spec);

        Assert.Throws<Diagnostics.InvalidInputException>(() => PolicyDocument.Parse(Encoding.UTF8.GetBytes(yaml), "bad.yaml"));
        (int exit, string output) = ValidateYaml(yaml);

        Assert.True(exit == 1, output);
    }

    [Fact]
    public void Schema_SecretRuleEnum_EqualsBuiltInRules()
    {
        JsonObject schema = JsonNode.Parse(File.ReadAllText(SchemaPath))!.AsObject();
        JsonNode rule = schema["properties"]!["spec"]!["properties"]!["secrets"]!["properties"]!["allow"]!["items"]!["properties"]!["rule"]!;

        Assert.Equal(Core.Secrets.BuiltInSecretRules.Ids, rule["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    /// <summary>Records, for every object schema, its property names; follows <c>$ref</c>, <c>items</c> and nested objects.</summary>
    private static void Collect(JsonObject root, JsonObject node, string path, SortedDictionary<string, string> result)
    {
        node = Resolve(root, node);
        if (node["items"] is JsonObject items)
        {
            Collect(root, items, path + "[]", result);
            return;
        }

        if (node["properties"] is not JsonObject properties)
        {
            return;
        }

        result[path] = string.Join(",", properties.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach ((string key, JsonNode? child) in properties)
        {
            Collect(root, child!.AsObject(), path.Length == 0 ? key : $"{path}.{key}", result);
        }
    }

    private static JsonObject Resolve(JsonObject root, JsonObject node) =>
        node["$ref"]?.GetValue<string>() is { } reference
            ? root["$defs"]![reference["#/$defs/".Length..]]!.AsObject()
            : node;

    /// <summary>YAML → JSON the way YAML 1.2's core schema types plain scalars, then Ajv; returns its exit code and output.</summary>
    private static (int Exit, string Output) ValidateYaml(params string[] documents)
    {
        string dir = Path.Combine(Path.GetTempPath(), "supplygate-policy-schema-" + Path.GetRandomFileName());
        Directory.CreateDirectory(dir);
        try
        {
            var files = new List<string>();
            foreach (string yaml in documents)
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(yaml));
                string file = Path.Combine(dir, $"{files.Count}.json");
                File.WriteAllText(file, ToJson(stream.Documents[0].RootNode)!.ToJsonString());
                files.Add(file);
            }

            return RunNode([Path.Combine(Root, "tests", "interop", "validate-json-schema.mjs"), SchemaPath, .. files]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } s => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain } s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) => JsonValue.Create(n),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => throw new InvalidOperationException(node.GetType().Name),
    };

    private static (int Exit, string Output) RunNode(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("node did not start (needs Node.js 20+ and `npm ci --prefix tests/interop`)");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("validate-json-schema.mjs timed out");
        }

        string output = stdout.Result + stderr.Result;

        // Exit 2 = the validator could not judge (missing modules, bad schema): never a pass or a clean fail.
        return process.ExitCode == 2 ? throw new InvalidOperationException(output) : (process.ExitCode, output);
    }
}

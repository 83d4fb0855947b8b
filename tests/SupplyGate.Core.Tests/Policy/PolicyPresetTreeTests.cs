using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Tests.Interop;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Policy;

/// <summary>
/// Presets load from the node tree build/PolicyPresetGen generates from policies/*.yaml during the Core build
/// (docs/performance.md, "Presets without YAML"). Both forms must give the same document and digest, any policy the
/// generator converts must read the same as its YAML, and a preset must not load YamlDotNet.
/// </summary>
[Trait("Category", "integration")]
public sealed class PolicyPresetTreeTests
{
    private static readonly string Root = CycloneDxSchemaValidator.FindRepositoryRoot();

    [Theory]
    [InlineData("default")]
    [InlineData("strict")]
    public void LoadPreset_TreeAndYaml_GiveEqualDocumentsAndDigests(string name)
    {
        PolicyDocument fromTree = PolicyDocument.LoadPreset(name);
        PolicyDocument fromYaml = PolicyDocument.LoadPresetFromYaml(name);
        byte[] onDisk = File.ReadAllBytes(Path.Combine(Root, "policies", $"{name}.yaml"));

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(onDisk)), fromTree.Digest);
        Assert.Equal(fromYaml.Digest, fromTree.Digest);
        Assert.Equal(onDisk, fromTree.Content);
        Assert.Equivalent(fromYaml, fromTree, strict: true);
    }

    [Fact]
    public void LoadPreset_Default_HasUnfixedSectionFromTree()
    {
        // The newest key of the presets reaches the tree without any list of keys in the generator.
        PolicyDocument preset = PolicyDocument.LoadPreset("default");

        Assert.Equal(RuleAction.Info, preset.Advisories.Unfixed.Os);
        Assert.Equal(RuleAction.Warn, preset.Advisories.Unfixed.Library);
    }

    [Fact]
    public void Generator_AnyPolicy_ReadsAsItsYaml()
    {
        string work = Directory.CreateTempSubdirectory("sg-presettree-").FullName;
        try
        {
            var inputs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (string file in Directory.GetFiles(Path.Combine(Root, "policies"), "*.yaml").Concat(Directory.GetFiles(Path.Combine(Root, "tests", "Fuzz", "corpus", "policy"))))
            {
                byte[] bytes = File.ReadAllBytes(file);
                if (Encoding.UTF8.GetString(bytes).Contains("kind: Policy", StringComparison.Ordinal))
                {
                    inputs[$"file{inputs.Count}"] = bytes;
                }
            }

            foreach ((string name, string text) in Documents)
            {
                inputs[name] = Encoding.UTF8.GetBytes(text);
            }

            Assert.True(inputs.Count >= Documents.Length + 3, $"only {inputs.Count} documents");
            string source = Path.Combine(work, "in");
            Directory.CreateDirectory(source);
            var arguments = new List<string> { Generator(), Path.Combine(work, "out") };
            foreach ((string name, byte[] bytes) in inputs)
            {
                File.WriteAllBytes(Path.Combine(source, name + ".yaml"), bytes);
                arguments.Add(Path.Combine(source, name + ".yaml"));
            }

            ProcessResult run = ProcessRunner.Dotnet(work, null, [.. arguments]);
            Assert.True(run.ExitCode == 0, run.All);

            foreach ((string name, byte[] yaml) in inputs)
            {
                byte[] tree = File.ReadAllBytes(Path.Combine(work, "out", name + ".json"));
                (PolicyDocument? fromYaml, string? yamlError) = Try(() => PolicyDocument.Parse(yaml, name));
                (PolicyDocument? fromTree, string? treeError) = Try(() => PolicyParser.Parse(PolicyPresetTree.Read(tree, yaml, name), new PolicyYamlReader(name), yaml, null));

                Assert.Equal(yamlError, treeError);
                Assert.Equivalent(fromYaml, fromTree, strict: true);
            }

            // The corpus must exercise both outcomes, or the error comparison above proves nothing.
            Assert.Contains(inputs, i => Try(() => PolicyDocument.Parse(i.Value, i.Key)).Error is not null);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void LoadPreset_StaleTree_IsRefused()
    {
        byte[] yaml = Encoding.UTF8.GetBytes("apiVersion: supplygate.dev/v1alpha1\n");
        byte[] tree = Encoding.UTF8.GetBytes("""{"sha256":"00","root":{"l":1,"c":1,"s":"x","p":true}}""");

        var ex = Assert.Throws<InvalidOperationException>(() => PolicyPresetTree.Read(tree, yaml, "default"));
        Assert.Contains("preset 'default'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPreset_DoesNotLoadYamlDotNet_WhileAPolicyFileDoes()
    {
        byte[] yaml = File.ReadAllBytes(Path.Combine(Root, "policies", "default.yaml"));

        IReadOnlyList<string> preset = RequestedAssemblies(core =>
            core.GetType("SupplyGate.Core.Policy.PolicyDocument", throwOnError: true)!.GetMethod("LoadPreset")!.Invoke(null, ["default"]));
        IReadOnlyList<string> file = RequestedAssemblies(core =>
            core.GetType("SupplyGate.Core.Policy.PolicyDocument", throwOnError: true)!.GetMethod("Parse")!.Invoke(null, [yaml, "policy.yaml", null]));

        Assert.DoesNotContain("YamlDotNet", preset);
        Assert.Contains("YamlDotNet", file);
    }

    /// <summary>Policies that reach every kind of node and scalar style, and errors with positions.</summary>
    private static readonly (string Name, string Text)[] Documents =
    [
        ("full", """
            apiVersion: supplygate.dev/v1alpha1
            kind: Policy
            metadata: {name: full, description: "quoted: text"}
            spec:
              advisories: {critical: deny, high: warn, fixedOnly: true, scopes: [required, excluded], unfixed: {os: off, library: info}}
              suppressionsRequireExpiry: true
              suppressions:
                - advisory: GHSA-98g6-xh36-x2p7
                  purl: pkg:nuget/Foo*
                  versions: "[1.0,2.0)"
                  reason: |
                    not reachable
                  expires: 2030-01-01
              vex: [a.json, 'b.json']
              licenses: {action: warn, allow: [MIT, Apache-2.0], deny: ["GPL-*"]}
              packages: {deny: [{purl: pkg:nuget/Bad, reason: no}], endOfLife: off}
              runtime: {endOfLife: deny, hostPatch: off}
              data: {maxAge: 48h, action: deny}
              image:
                allowedRegistries: [mcr.microsoft.com]
                maxBaseAgeDays: 30
                platforms: [linux/amd64, linux/arm64/v8]
                deniedPackages: [{name: openssl, versions: '< 3.0.13', reason: old}]
              secrets: {action: warn, allow: [{path: "**/*.pem", reason: test keys}]}
            """),
        ("quoted-boolean", "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata: {name: q}\nspec:\n  advisories: {fixedOnly: \"true\"}\n"),
        ("quoted-number", "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata: {name: q}\nspec:\n  image: {maxBaseAgeDays: '90'}\n"),
        ("null-values", "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata: {name: n, description: ~}\nspec:\n  advisories: null\n  suppressions:\n  licenses: {allow: ''}\n"),
        ("several-errors", "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata: {name: e}\nspec:\n  advisories: {critical: dney, unfixed: {os: deny}}\n  supressions: []\n  data: {action: off}\n"),
        ("wrong-kind", "apiVersion: supplygate.dev/v1alpha1\nkind: Config\nmetadata: {name: k}\nspec: {}\n"),
        ("no-spec", "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata: {name: s}\n"),
        ("mapping-key", "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata: {name: s}\nspec: {[a]: b}\n"),
    ];

    private static (PolicyDocument? Document, string? Error) Try(Func<PolicyDocument> parse)
    {
        try
        {
            return (parse(), null);
        }
        catch (InvalidInputException ex)
        {
            return (null, $"{ex.Code} {ex.Message} {ex.Line}:{ex.Column} [{string.Join(" | ", ex.More.Select(m => m.Message))}]");
        }
    }

    /// <summary>build/PolicyPresetGen's output of the configuration these tests were built in; the Core build built it.</summary>
    private static string Generator()
    {
        string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        string path = Path.Combine(Root, "build", "PolicyPresetGen", "bin", configuration, "net10.0", "PolicyPresetGen.dll");
        Assert.True(File.Exists(path), $"{path} is missing");
        return path;
    }

    /// <summary>
    /// Loads SupplyGate.Core into its own load context, runs <paramref name="action"/> on it and returns the name of
    /// every assembly the context was asked for: what that code path loads, whatever the test process loaded before.
    /// </summary>
    private static List<string> RequestedAssemblies(Action<Assembly> action)
    {
        var context = new RecordingContext(AppContext.BaseDirectory);
        try
        {
            action(context.LoadFromAssemblyPath(typeof(PolicyDocument).Assembly.Location));
            return [.. context.Requested];
        }
        finally
        {
            context.Unload();
        }
    }

    private sealed class RecordingContext(string directory) : AssemblyLoadContext("preset-tree-test", isCollectible: true)
    {
        public List<string> Requested { get; } = [];

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            lock (Requested)
            {
                Requested.Add(assemblyName.Name!);
            }

            string path = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}

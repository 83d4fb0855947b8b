using System.Security.Cryptography;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Policy;

/// <summary>
/// A policy (docs/architecture.md decision 6): <c>apiVersion: supplygate.dev/v1alpha1</c>, <c>kind: Policy</c>, rules under
/// <c>spec</c>. Documented in docs/policy.md; described by policies/policy.schema.json. Keeps the exact bytes it
/// was read from so reports can name the policy by digest.
/// </summary>
public sealed record PolicyDocument
{
    public const string CurrentApiVersion = "supplygate.dev/v1alpha1";
    public const string PolicyKind = "Policy";

    /// <summary>The presets shipped in policies/ and embedded in this assembly.</summary>
    public static readonly IReadOnlyList<string> PresetNames = ["default", "strict"];

    private readonly byte[] _content = [];

    /// <summary><c>metadata.name</c>.</summary>
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>The file path, or <c>preset:&lt;name&gt;</c>; used as the file name in error messages.</summary>
    public required string Source { get; init; }

    /// <summary>The folder relative <see cref="Vex"/> paths resolve against; null for presets.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>The document's bytes exactly as read.</summary>
    public required IReadOnlyList<byte> Content
    {
        get => _content;
        init
        {
            _content = [.. value];
            Digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(_content));
        }
    }

    /// <summary><c>sha256:&lt;hex&gt;</c> of <see cref="Content"/>.</summary>
    public string Digest { get; private init; } = string.Empty;

    public AdvisoryRules Advisories { get; init; } = new();

    public IReadOnlyList<Suppression> Suppressions { get; init; } = [];

    /// <summary>When true, every suppression must have <c>expires</c> (strict preset).</summary>
    public bool SuppressionsRequireExpiry { get; init; }

    /// <summary>VEX document paths as written; resolve with <see cref="ResolvePath"/>. The host loads them.</summary>
    public IReadOnlyList<string> Vex { get; init; } = [];

    public LicenseRules Licenses { get; init; } = new();

    public PackageRules Packages { get; init; } = new();

    public RuntimeRules Runtime { get; init; } = new();

    public DataRules Data { get; init; } = new();

    /// <summary><c>spec.image</c>: base image and image configuration rules (SG4006–SG4010).</summary>
    public ImageRules Image { get; init; } = new();

    /// <summary><c>spec.secrets</c>: what a secret finding does, and which are allowed (SG4011).</summary>
    public SecretRules Secrets { get; init; } = new();

    /// <summary>Parses policy YAML. <paramref name="source"/> names the file in messages.</summary>
    /// <exception cref="InvalidInputException">SG2005 with <c>file:line:column: what (expected …)</c>.</exception>
    public static PolicyDocument Parse(byte[] content, string source, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(source);
        return PolicyParser.Parse(content, source, baseDirectory);
    }

    /// <summary>Reads and parses a policy file.</summary>
    /// <exception cref="InvalidInputException">SG2001 when the file is missing, SG2005 when it is invalid.</exception>
    public static PolicyDocument Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] content = InputFile.ReadAllBytes(path, InputKind.Policy, DiagnosticCode.PolicyInvalid, missingMessage: $"Cannot read policy '{path}': no such file.");
        return Parse(content, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>A shipped preset: <c>default</c> or <c>strict</c> (policies/*.yaml, embedded at build time).</summary>
    /// <exception cref="InvalidInputException">SG2002 for an unknown preset name.</exception>
    public static PolicyDocument LoadPreset(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!PresetNames.Contains(name, StringComparer.Ordinal))
        {
            throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"Unknown policy preset '{name}' (expected {string.Join(" or ", PresetNames)}).");
        }

        // The YAML names the preset (its bytes are the digest reports show); the tree generated from it at build time
        // is what is parsed, so a preset loads without YamlDotNet (docs/performance.md, "Presets without YAML").
        byte[] yaml = ReadPresetResource($"SupplyGate.Policy.{name}.yaml");
        byte[] tree = ReadPresetResource($"SupplyGate.Policy.{name}.json");
        var reader = new PolicyYamlReader($"preset:{name}");
        return PolicyParser.Parse(PolicyPresetTree.Read(tree, yaml, name), reader, yaml, baseDirectory: null);
    }

    /// <summary>A preset parsed from its YAML, as a policy file is; the built-in tree must give the same document.</summary>
    internal static PolicyDocument LoadPresetFromYaml(string name) =>
        Parse(ReadPresetResource($"SupplyGate.Policy.{name}.yaml"), $"preset:{name}");

    private static byte[] ReadPresetResource(string resource)
    {
        using Stream stream = typeof(PolicyDocument).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The preset resource '{resource}' is not embedded; check SupplyGate.Core.csproj.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>A preset name, or else a policy file path.</summary>
    public static PolicyDocument LoadPresetOrFile(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (PresetNames.Contains(nameOrPath, StringComparer.Ordinal))
        {
            return LoadPreset(nameOrPath);
        }

        return File.Exists(nameOrPath)
            ? Load(nameOrPath)
            : throw new InvalidInputException(
                DiagnosticCode.InputNotFound,
                $"'{nameOrPath}' is neither a policy preset ({string.Join(", ", PresetNames)}) nor an existing policy file"
                + (ClosestPreset(nameOrPath) is { } preset ? $"; did you mean '{preset}'?" : "."),
                nameOrPath);
    }

    /// <summary>A preset within two edits of a name that is not a path ("strcit", "Default"), else null.</summary>
    internal static string? ClosestPreset(string name)
    {
        if (name.IndexOfAny(['/', '\\', '.']) >= 0)
        {
            return null;
        }

        return PresetNames
            .Select(p => (Preset: p, Distance: EditDistance(name.ToLowerInvariant(), p)))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance)
            .Select(c => c.Preset)
            .FirstOrDefault();
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost one.</summary>
    private static int EditDistance(string a, string b)
    {
        int[,] d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>A path from the policy (a VEX file) resolved against the policy's folder.</summary>
    public string ResolvePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return BaseDirectory is null ? Path.GetFullPath(path) : Path.GetFullPath(Path.Combine(BaseDirectory, path));
    }

    public bool Equals(PolicyDocument? other) =>
        other is not null && string.Equals(Digest, other.Digest, StringComparison.Ordinal) && string.Equals(Source, other.Source, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Digest);
}

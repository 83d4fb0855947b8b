namespace SupplyGate.Core.Tests.Advisories.Versioning;

/// <summary>One line <c>A &lt; B</c>, <c>A = B</c> or <c>A &gt; B</c> of a version-vectors file.</summary>
internal sealed record VersionVector(int Line, string Left, string Op, string Right)
{
    public int Expected => Op switch { "<" => -1, "=" => 0, _ => 1 };

    /// <summary>Reads a vectors file; blank lines and <c>#</c> / <c>//</c> comments are skipped.</summary>
    public static IReadOnlyList<VersionVector> Load(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "version-vectors", file);
        var vectors = new List<VersionVector>();
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || parts[1] is not ("<" or "=" or ">"))
            {
                throw new FormatException($"{file}:{i + 1}: not a vector: {line}");
            }

            vectors.Add(new VersionVector(i + 1, parts[0], parts[1], parts[2]));
        }

        return vectors;
    }
}

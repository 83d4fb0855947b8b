using SupplyGate.Core.Kernel;
namespace SupplyGate.Core.Advisories.Scoring;

/// <summary>
/// CVSS v3.x base score from a vector string, with the FIRST CVSS v3.1 specification §7.1 formulas and
/// Appendix A <c>Roundup</c>. v3.0 vectors use the same base formulas; v3.1 only changed Roundup to avoid
/// floating-point artefacts, so both are scored with it.
/// </summary>
internal static class Cvss3
{
    private static readonly string[] BaseMetrics = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"];

    /// <summary>Temporal and environmental metrics (spec §3–4): allowed in a vector, not part of the base score.</summary>
    private static readonly Dictionary<string, string[]> OtherMetrics = new(StringComparer.Ordinal)
    {
        ["E"] = ["X", "U", "P", "F", "H"],
        ["RL"] = ["X", "O", "T", "W", "U"],
        ["RC"] = ["X", "U", "R", "C"],
        ["CR"] = ["X", "L", "M", "H"],
        ["IR"] = ["X", "L", "M", "H"],
        ["AR"] = ["X", "L", "M", "H"],
        ["MAV"] = ["X", "N", "A", "L", "P"],
        ["MAC"] = ["X", "L", "H"],
        ["MPR"] = ["X", "N", "L", "H"],
        ["MUI"] = ["X", "N", "R"],
        ["MS"] = ["X", "U", "C"],
        ["MC"] = ["X", "N", "L", "H"],
        ["MI"] = ["X", "N", "L", "H"],
        ["MA"] = ["X", "N", "L", "H"],
    };

    /// <summary>False for anything but a well-formed <c>CVSS:3.0/…</c> or <c>CVSS:3.1/…</c> vector with all base metrics.</summary>
    public static bool TryComputeBaseScore(string vector, out double baseScore)
    {
        baseScore = 0;
        if (string.IsNullOrEmpty(vector)
            || !(vector.StartsWith("CVSS:3.1/", StringComparison.Ordinal) || vector.StartsWith("CVSS:3.0/", StringComparison.Ordinal)))
        {
            return false;
        }

        var metrics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in vector["CVSS:3.x/".Length..].Split('/'))
        {
            int colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == part.Length - 1 || !metrics.TryAdd(part[..colon], part[(colon + 1)..]))
            {
                return false;
            }
        }

        if (!BaseMetrics.All(metrics.ContainsKey)
            || metrics.Any(m => !BaseMetrics.Contains(m.Key) && !(OtherMetrics.TryGetValue(m.Key, out string[]? allowed) && allowed.Contains(m.Value))))
        {
            return false;
        }

        if (metrics["S"] is not ("U" or "C"))
        {
            return false;
        }

        bool changed = metrics["S"] == "C";
        double? av = metrics["AV"] switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, "P" => 0.2, _ => null };
        double? ac = metrics["AC"] switch { "L" => 0.77, "H" => 0.44, _ => null };
        double? pr = metrics["PR"] switch { "N" => 0.85, "L" => changed ? 0.68 : 0.62, "H" => changed ? 0.5 : 0.27, _ => null };
        double? ui = metrics["UI"] switch { "N" => 0.85, "R" => 0.62, _ => null };
        double? c = Cia(metrics["C"]);
        double? i = Cia(metrics["I"]);
        double? a = Cia(metrics["A"]);
        if (av is null || ac is null || pr is null || ui is null || c is null || i is null || a is null)
        {
            return false;
        }

        double iss = 1 - ((1 - c.Value) * (1 - i.Value) * (1 - a.Value));
        double impact = changed ? (7.52 * (iss - 0.029)) - (3.25 * Math.Pow(iss - 0.02, 15)) : 6.42 * iss;
        double exploitability = 8.22 * av.Value * ac.Value * pr.Value * ui.Value;
        baseScore = impact <= 0
            ? 0
            : Roundup(Math.Min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10));
        return true;
    }

    /// <summary>Qualitative rating (spec §5); 0.0 is "None", which SupplyGate reports as Unknown.</summary>
    public static Severity Rate(double baseScore) => baseScore switch
    {
        >= 9.0 => Severity.Critical,
        >= 7.0 => Severity.High,
        >= 4.0 => Severity.Medium,
        >= 0.1 => Severity.Low,
        _ => Severity.Unknown,
    };

    private static double? Cia(string value) => value switch { "H" => 0.56, "L" => 0.22, "N" => 0.0, _ => null };

    /// <summary>Spec Appendix A: round up to one decimal, working in integers to dodge float error.</summary>
    private static double Roundup(double input)
    {
        long intInput = (long)Math.Round(input * 100_000);
        return intInput % 10_000 == 0 ? intInput / 100_000.0 : (Math.Floor(intInput / 10_000.0) + 1) / 10.0;
    }
}

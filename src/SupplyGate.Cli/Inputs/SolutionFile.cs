using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Cli.Inputs;

/// <summary>Lists the project files of a classic <c>.sln</c> or an XML <c>.slnx</c> solution.</summary>
internal static partial class SolutionFile
{
    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

    public static IReadOnlyList<string> ReadProjects(string solutionPath)
    {
        string text;
        try
        {
            text = File.ReadAllText(solutionPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(DiagnosticCode.SolutionInvalid, $"{solutionPath}: cannot read the solution: {ex.Message}", solutionPath, ex);
        }

        string directory = Path.GetDirectoryName(Path.GetFullPath(solutionPath))!;
        IEnumerable<string> relative = solutionPath.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)
            ? FromSlnx(text, solutionPath)
            : ProjectLine().Matches(text).Select(m => m.Groups["path"].Value);

        return relative
            .Select(p => p.Replace('\\', Path.DirectorySeparatorChar))
            .Where(p => ProjectExtensions.Contains(Path.GetExtension(p), StringComparer.OrdinalIgnoreCase))
            .Select(p => Path.GetFullPath(Path.Combine(directory, p)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static string[] FromSlnx(string text, string solutionPath)
    {
        try
        {
            return XDocument.Parse(text).Descendants("Project")
                .Select(e => (string?)e.Attribute("Path"))
                .OfType<string>()
                .ToArray();
        }
        catch (XmlException ex)
        {
            throw new InvalidInputException(DiagnosticCode.SolutionInvalid, $"{solutionPath}: not a valid .slnx file: {ex.Message}", solutionPath, ex);
        }
    }

    // Project("{type-guid}") = "Name", "relative\path.csproj", "{project-guid}"
    [GeneratedRegex("""^Project\("\{[^}]+\}"\)\s*=\s*"[^"]*",\s*"(?<path>[^"]+)",""", RegexOptions.Multiline)]
    private static partial Regex ProjectLine();
}

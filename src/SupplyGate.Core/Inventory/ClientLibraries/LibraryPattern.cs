using System.Text.RegularExpressions;

namespace SupplyGate.Core.Inventory.ClientLibraries;

/// <summary>
/// One RetireJS extractor pattern (group 1 is the version), with the literal every match contains
/// (<see cref="RegexLiteral"/>) and the regex built only the first time a file contains that literal: most
/// patterns never meet a file that could match, and a build should not pay for constructing them.
/// </summary>
public sealed class LibraryPattern
{
    // The time budget of one pattern on one file.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Lazy<Regex?> _regex;

    /// <param name="expression">The .NET expression.</param>
    /// <param name="literalSource">The expression the literal is read from (a file-name pattern before it is anchored).</param>
    internal LibraryPattern(string expression, string literalSource)
    {
        Expression = expression;
        Literal = RegexLiteral.Required(literalSource);
        _regex = new Lazy<Regex?>(() => Compile(expression), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The .NET expression (the RetireJS source with its version placeholder replaced).</summary>
    public string Expression { get; }

    /// <summary>Text every match contains, or null when the pattern must always run.</summary>
    public string? Literal { get; }

    /// <summary>Null when .NET cannot compile the pattern (JavaScript-only syntax): it is left out, never half-applied.</summary>
    public Regex? Regex => _regex.Value;

    internal bool TryVersion(string input, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? version, out string? matched)
    {
        version = null;
        matched = null;
        if (Regex is not { } regex)
        {
            return false;
        }

        try
        {
            Match match = regex.Match(input);
            if (!match.Success || match.Groups.Count < 2 || !match.Groups[1].Success)
            {
                return false;
            }

            version = match.Groups[1].Value.TrimEnd('.', '-', '_');
            matched = match.Value;
            return version.Length > 0;
        }
        catch (RegexMatchTimeoutException)
        {
            // A hostile or pathological file: this pattern says nothing about it.
            return false;
        }
    }

    /// <summary>
    /// The interpreted backtracking engine with a match timeout per file: constructing ~300 patterns for the
    /// non-backtracking engine costs seconds per process, which every build would pay; the timeout bounds what a
    /// pathological file can cost instead.
    /// </summary>
    private static Regex? Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

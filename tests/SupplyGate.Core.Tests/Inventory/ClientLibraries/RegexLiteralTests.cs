using System.Text;
using SupplyGate.Core.Inventory.ClientLibraries;

namespace SupplyGate.Core.Tests.Inventory.ClientLibraries;

/// <summary>
/// The literal prefilter in front of the RetireJS patterns: what it extracts, that it gives up on what it does not
/// understand, and that on real library files no pattern that matches is ever filtered out.
/// </summary>
[Trait("Category", "unit")]
public sealed class RegexLiteralTests
{
    [Theory]
    [InlineData(@"/\*! jQuery v([0-9][0-9.a-z_\-]+)", "/*! jQuery v")]
    [InlineData(@"ab?cdef", "cdef")]
    [InlineData(@"xabc+de", "xabc")]
    [InlineData(@"x{0,3}yyyy", "yyyy")]
    [InlineData(@"q{2}rst", "rst")]
    [InlineData(@"foo\.bar", "foo.bar")]
    [InlineData(@"[abc]def", "def")]
    [InlineData(@"(?:foo)barbaz", "barbaz")]
    [InlineData(@"(?:a|b)Knockout v", "Knockout v")]
    [InlineData(@"/\*!\n \* Vue.js v([0-9]+)", "/*!\n * Vue")]
    [InlineData(@"abc\s+defg", "defg")]
    [InlineData(@"abc*?defg", "defg")]
    public void Extracts_the_longest_run_every_match_contains(string pattern, string expected) =>
        Assert.Equal(expected, RegexLiteral.Required(pattern));

    [Theory]
    [InlineData(@"jquery|zepto")]              // top-level alternation: either may match
    [InlineData(@"(?i)jquery v")]              // case-insensitive from here on
    [InlineData(@"\x41BCDEF")]                 // escapes it does not read
    [InlineData(@"(abc)\1defg")]
    [InlineData(@"ab")]                        // too short to be worth a search
    [InlineData(@"[unterminated")]
    [InlineData(@"(unbalanced")]
    [InlineData(@"*abc")]
    public void Gives_up_on_what_it_does_not_understand(string pattern) =>
        Assert.Null(RegexLiteral.Required(pattern));

    [Fact]
    public void Nearly_every_bundled_pattern_has_a_literal()
    {
        List<LibraryPattern> patterns = [.. ClientLibraryCatalog.Default.Libraries.SelectMany(l => l.FileContents)];

        int without = patterns.Count(p => p.Literal is null);

        Assert.True(patterns.Count > 150, $"{patterns.Count} content patterns");
        Assert.True(without * 20 < patterns.Count, $"{without} of {patterns.Count} content patterns have no literal and run on every script");
    }

    [Fact]
    public void On_real_library_files_every_matching_pattern_keeps_its_literal()
    {
        // The property the prefilter relies on: wherever a pattern matches, its literal occurs in the text.
        string root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "client-libraries");
        string[] scripts = Directory.GetFiles(root, "*.js", SearchOption.AllDirectories);
        int matches = 0;

        foreach (string script in scripts)
        {
            string text = Encoding.Latin1.GetString(File.ReadAllBytes(script));
            foreach (LibraryPattern pattern in ClientLibraryCatalog.Default.Libraries.SelectMany(l => l.FileContents.Concat(l.FileNames)))
            {
                string input = pattern.Expression.StartsWith("^(?:", StringComparison.Ordinal) ? Path.GetFileName(script) : text;
                if (Matches(pattern, input) && pattern.Literal is { } literal)
                {
                    matches++;
                    Assert.True(input.Contains(literal, StringComparison.Ordinal), $"{pattern.Expression} matches {script} but its literal '{literal}' is not in it");
                }
            }
        }

        Assert.True(matches >= 5, $"only {matches} pattern matches on {scripts.Length} real scripts");
    }

    /// <summary>As the scanner runs a pattern: a match timeout (a loaded machine, 100 ms per pattern and file) says nothing.</summary>
    private static bool Matches(LibraryPattern pattern, string input)
    {
        try
        {
            return pattern.Regex?.Match(input) is { Success: true };
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

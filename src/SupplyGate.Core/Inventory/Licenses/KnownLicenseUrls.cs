using System.Text.RegularExpressions;

namespace SupplyGate.Core.Inventory.Licenses;

/// <summary>
/// Legacy nuspec <c>licenseUrl</c> values that name one SPDX license unambiguously: the license pages of
/// opensource.org, apache.org and gnu.org, NuGet's own licenses.nuget.org/&lt;expression&gt; pages, and LICENSE files
/// of a few repositories whose license never changed. A URL to a branch of any other repository names whatever the
/// file says today, so it is not mapped.
/// </summary>
internal static partial class KnownLicenseUrls
{
    private static readonly Dictionary<string, string> Pages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["opensource.org/licenses/mit"] = "MIT",
        ["opensource.org/licenses/mit-license"] = "MIT",
        ["opensource.org/licenses/mit-license.php"] = "MIT",
        ["opensource.org/license/mit"] = "MIT",
        ["opensource.org/licenses/apache-2.0"] = "Apache-2.0",
        ["opensource.org/license/apache-2-0"] = "Apache-2.0",
        ["opensource.org/licenses/bsd-2-clause"] = "BSD-2-Clause",
        ["opensource.org/licenses/bsd-3-clause"] = "BSD-3-Clause",
        ["opensource.org/licenses/isc"] = "ISC",
        ["opensource.org/licenses/ms-pl"] = "MS-PL",
        ["opensource.org/licenses/ms-pl.html"] = "MS-PL",
        ["opensource.org/licenses/mpl-2.0"] = "MPL-2.0",
        ["apache.org/licenses/license-2.0"] = "Apache-2.0",
        ["apache.org/licenses/license-2.0.txt"] = "Apache-2.0",
        ["apache.org/licenses/license-2.0.html"] = "Apache-2.0",
        ["mozilla.org/mpl/2.0"] = "MPL-2.0",
        ["gnu.org/licenses/gpl-2.0.html"] = "GPL-2.0-only",
        ["gnu.org/licenses/gpl-3.0.html"] = "GPL-3.0-only",
        ["gnu.org/licenses/lgpl-2.1.html"] = "LGPL-2.1-only",
        ["gnu.org/licenses/lgpl-3.0.html"] = "LGPL-3.0-only",
        ["gnu.org/licenses/agpl-3.0.html"] = "AGPL-3.0-only",
        ["unlicense.org"] = "Unlicense",
        ["github.com/dotnet/corefx/blob/master/license.txt"] = "MIT",
        ["github.com/dotnet/runtime/blob/main/license.txt"] = "MIT",
        ["github.com/jamesnk/newtonsoft.json/blob/master/license.md"] = "MIT",
        ["raw.githubusercontent.com/jamesnk/newtonsoft.json/master/license.md"] = "MIT",
    };

    /// <summary>
    /// The SPDX license <paramref name="url"/> stands for, or null: an SPDX id from the table, or (for
    /// licenses.nuget.org) an expression, which <see cref="IsExpression"/> tells apart.
    /// </summary>
    public static string? Identify(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        string host = uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host;
        string path = uri.AbsolutePath.TrimEnd('/');

        // NuGet writes https://licenses.nuget.org/<expression> as the licenseUrl of an expression-licensed package.
        if (host.Equals("licenses.nuget.org", StringComparison.OrdinalIgnoreCase) && path.Length > 1)
        {
            string expression = Uri.UnescapeDataString(path[1..]);
            return ExpressionCharacters().IsMatch(expression) ? expression : null;
        }

        return Pages.TryGetValue(host + path, out string? id) ? id : null;
    }

    /// <summary>Whether <see cref="Identify"/> returned an expression (licenses.nuget.org) rather than one id of the table.</summary>
    public static bool IsExpression(string identified) => !Pages.ContainsValue(identified);

    /// <summary>What an SPDX expression is made of (ids, LicenseRef-, +, :, parentheses, operators).</summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9.+:() -]{0,200}$")]
    private static partial Regex ExpressionCharacters();
}

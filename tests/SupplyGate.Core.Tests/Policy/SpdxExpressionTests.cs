using SupplyGate.Core.Policy.Licenses;

namespace SupplyGate.Core.Tests.Policy;

[Trait("Category", "unit")]
public sealed class SpdxExpressionTests
{
    [Theory]
    [InlineData("MIT", "MIT")]
    [InlineData("MIT OR GPL-3.0-only", "MIT OR GPL-3.0-only")]
    [InlineData("mit or apache-2.0", "mit OR apache-2.0")]
    [InlineData("Apache-2.0 WITH LLVM-exception", "Apache-2.0 WITH LLVM-exception")]
    [InlineData("GPL-2.0+", "GPL-2.0+")]
    [InlineData("LicenseRef-Acme-Proprietary", "LicenseRef-Acme-Proprietary")]
    [InlineData("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2")]
    [InlineData("MIT AND (LGPL-2.1-or-later OR BSD-3-Clause)", "MIT AND (LGPL-2.1-or-later OR BSD-3-Clause)")]
    [InlineData("((MIT))", "MIT")]
    [InlineData("MIT OR Apache-2.0 AND BSD-2-Clause", "MIT OR Apache-2.0 AND BSD-2-Clause")]
    [InlineData("GPL-2.0-only with Classpath-exception-2.0 and MIT", "GPL-2.0-only WITH Classpath-exception-2.0 AND MIT")]
    public void TryParse_Valid_RoundTrips(string text, string expected)
    {
        Assert.True(SpdxExpression.TryParse(text, out SpdxExpression? expression, out string? error), error);

        Assert.Equal(expected, expression!.ToString());
    }

    [Fact]
    public void TryParse_AndBindsTighterThanOr()
    {
        Assert.True(SpdxExpression.TryParse("MIT OR Apache-2.0 AND BSD-2-Clause", out SpdxExpression? expression, out _));

        SpdxOr or = Assert.IsType<SpdxOr>(expression);
        Assert.IsType<SpdxLicense>(or.Left);
        Assert.IsType<SpdxAnd>(or.Right);
    }

    [Fact]
    public void TryParse_PlusAndException_AreRecorded()
    {
        Assert.True(SpdxExpression.TryParse("GPL-2.0+ WITH Classpath-exception-2.0", out SpdxExpression? expression, out _));

        Assert.Equal(new SpdxLicense("GPL-2.0", true, "Classpath-exception-2.0"), expression);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("MIT OR")]
    [InlineData("AND MIT")]
    [InlineData("(MIT")]
    [InlineData("MIT)")]
    [InlineData("MIT Apache-2.0")]
    [InlineData("MIT WITH")]
    [InlineData("see https://example.com/license")]
    [InlineData("LICENSE.txt (license file in package)")]
    [InlineData("LicenseRef-")]
    [InlineData("LicenseRef-A+")]
    [InlineData("Foo:LicenseRef-A")]
    [InlineData("MIT/X11")]
    public void TryParse_Malformed_FailsWithReason(string text)
    {
        Assert.False(SpdxExpression.TryParse(text, out SpdxExpression? expression, out string? error));

        Assert.Null(expression);
        Assert.False(string.IsNullOrEmpty(error));
    }
}

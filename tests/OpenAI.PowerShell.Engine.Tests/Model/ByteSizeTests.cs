using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Engine.Tests.Model;

/// <summary>One unit system everywhere a size is shown: binary, labelled KiB/MiB/GiB.</summary>
public sealed class ByteSizeTests
{
    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1024L, "1 KiB")]
    [InlineData(2_000L, "1.95 KiB")]
    [InlineData(3_000L, "2.93 KiB")]
    [InlineData(10_000_000L, "9.54 MiB")]            // the README's example: 10^7 bytes
    [InlineData(4L * 1024 * 1024, "4 MiB")]
    [InlineData(64L * 1024 * 1024, "64 MiB")]        // the part limit
    [InlineData(20_000_000L, "19.1 MiB")]
    [InlineData(1_048_063L, "1023 KiB")]             // 1023.499 KiB
    [InlineData(1_048_064L, "1 MiB")]                // 1023.5 KiB would round to "1024 KiB"
    [InlineData(8L * 1024 * 1024 * 1024, "8 GiB")]   // the upload limit
    [InlineData(1_288_490_189L, "1.2 GiB")]
    public void Formats_in_binary_units_with_three_significant_digits(long bytes, string expected) =>
        Assert.Equal(expected, ByteSize.Format(bytes));

    [Fact]
    public void Never_needs_more_than_eight_characters_the_width_of_the_views_Size_column()
    {
        var random = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            var bytes = (long)(Math.Pow(2, random.NextDouble() * 50));
            Assert.True(ByteSize.Format(bytes).Length <= 8, $"{bytes} -> '{ByteSize.Format(bytes)}'");
        }
    }

    [Fact]
    public void Rates_use_the_same_units() => Assert.Equal("11.8 MiB/s", ByteSize.FormatRate(11.8 * 1024 * 1024));
}

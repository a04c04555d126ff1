using Pit.Cli.Control;

namespace Pit.Cli.Tests.Control;

public sealed class LineBufferSpecs
{
    private static LineBuffer With(string text)
    {
        var buffer = new LineBuffer();
        buffer.Insert(text);
        return buffer;
    }

    [Fact]
    public void Typing_inserts_at_the_cursor()
    {
        var buffer = With("sytem");
        buffer.Left();
        buffer.Left();
        buffer.Left();
        buffer.Insert("s");

        Assert.Equal("system", buffer.Text);
        Assert.Equal(3, buffer.Cursor);
        Assert.Equal("sys", buffer.BeforeCursor);
    }

    [Fact]
    public void Backspace_and_delete_remove_either_side_of_the_cursor_and_say_when_there_is_nothing()
    {
        var buffer = With("abc");
        buffer.Home();
        Assert.False(buffer.DeleteBack());
        Assert.True(buffer.DeleteForward());
        Assert.Equal("bc", buffer.Text);
        buffer.End();
        Assert.False(buffer.DeleteForward());
        Assert.True(buffer.DeleteBack());
        Assert.Equal("b", buffer.Text);
        Assert.Equal(1, buffer.Cursor);
    }

    [Fact]
    public void The_cursor_stays_within_the_line()
    {
        var buffer = With("ab");
        Assert.False(buffer.Right());
        Assert.True(buffer.Home());
        Assert.False(buffer.Left());
        Assert.Equal(0, buffer.Cursor);
        Assert.True(buffer.End());
        Assert.Equal(2, buffer.Cursor);
    }

    [Fact]
    public void Control_keys_delete_a_word_back_to_the_start_or_to_the_end()
    {
        var buffer = With("run show  abc");
        Assert.True(buffer.DeleteWordBack());
        Assert.Equal("run show  ", buffer.Text);
        Assert.True(buffer.DeleteWordBack());
        Assert.Equal("run ", buffer.Text);

        buffer.Set("log tail now");
        buffer.Left();
        buffer.Left();
        buffer.Left();
        Assert.True(buffer.DeleteToEnd());
        Assert.Equal("log tail ", buffer.Text);
        buffer.Left();
        Assert.True(buffer.DeleteToStart());
        Assert.Equal(" ", buffer.Text);
        Assert.Equal(0, buffer.Cursor);
    }

    [Fact]
    public void A_completed_word_replaces_the_text_from_its_start_to_the_cursor()
    {
        var buffer = With("sys up");
        buffer.Left();
        buffer.Left();
        buffer.ReplaceBeforeCursor(0, "system ");

        Assert.Equal("system up", buffer.Text);
        Assert.Equal(7, buffer.Cursor);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.ReplaceBeforeCursor(8, "x"));
    }

    [Fact]
    public void A_set_line_puts_the_cursor_at_its_end()
    {
        var buffer = With("x");
        buffer.Set("system uptime");
        Assert.Equal("system uptime", buffer.Text);
        Assert.Equal(13, buffer.Cursor);
    }

    [Fact]
    public void A_short_line_shows_whole_and_a_long_one_scrolls_to_keep_the_cursor_in_view()
    {
        var buffer = With("abcdefghij");
        Assert.Equal(("abcdefghij", 10), buffer.Window(20));

        var (shown, column) = buffer.Window(5);
        Assert.Equal("ghij", shown);
        Assert.Equal(4, column);

        buffer.Home();
        (shown, column) = buffer.Window(5);
        Assert.Equal("abcd", shown);
        Assert.Equal(0, column);
    }
}

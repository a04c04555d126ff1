using Pit.Engine.Runners;

namespace Pit.Engine.Tests.Runners;

public sealed class ExitStatusSpecs
{
    [Theory]
    [InlineData(0x0000, 0, null)]
    [InlineData(0x0300, 3, null)]
    [InlineData(0xff00, 255, null)]
    [InlineData(0x0009, 137, 9)]
    [InlineData(0x000f, 143, 15)]
    [InlineData(0x008b, 139, 11)] // SIGSEGV with a core dump
    public void A_wait_status_becomes_the_exit_code_a_shell_reports(int status, int code, int? signal)
    {
        Assert.Equal(new ExitStatus(code, signal), ExitStatus.FromWaitStatus(status));
    }

    [Fact]
    public void Only_a_death_by_signal_or_a_lost_status_gets_a_note()
    {
        Assert.Null(ExitStatus.FromWaitStatus(0x0100).Note);
        Assert.Equal("pit: the task's main process was killed by signal 15 (SIGTERM); reporting exit code 143", ExitStatus.FromWaitStatus(15).Note);
        Assert.Equal("pit: the task's main process was killed by signal 40; reporting exit code 168", ExitStatus.FromWaitStatus(40).Note);
        Assert.StartsWith("pit: the task's exit status was lost", ExitStatus.Unknown.Note);
    }
}

import ArgumentParser
import GoalCLI

GoalCtl.runMain()

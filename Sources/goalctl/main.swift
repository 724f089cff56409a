import ArgumentParser
import GoalCLI

GoalCtl.main()

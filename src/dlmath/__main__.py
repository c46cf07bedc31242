from dlmath.cli.app import main

main()

# The verdict is right under loads that are hard on it: real leaks under
# a burst, a ramp and a steady rate are the right kind of leak, with a top
# stack in the server's code, never main.main or main.run. (Healthy
# endpoints under the same loads: t_verdicts_healthy.)
. "$(dirname "$0")/lib.sh"
cd "$TOP"

verdict chan-burst "blocked leak" --set endpoint=/leak/chan --set 'rate=burst 400, pause 6s'
verdict mutex-steady "blocked leak" --set endpoint=/leak/mutex --set 'rate=10/s for 3s, pause 4s'
verdict spin-ramp "runnable leak" --set endpoint=/leak --set gomaxprocs=2 \
	--set 'rate=ramp 1/s..8/s for 4s, pause 4s'
# Lab 06's shape: the queues jump, then settle a little lower and stay.
verdict spin-burst "runnable leak" --set endpoint=/leak --set gomaxprocs=4 --set schedtrace=200 \
	--set 'rate=pause 1s, burst 50, pause 6s'

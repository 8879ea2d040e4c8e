# The verdict is right under loads that are hard on it: healthy endpoints
# under a burst, a ramp and slow answers the client gives up on are no
# leak (the load's own idle connections are not the student's leak).
# Real leaks under the same loads: t_verdicts.
. "$(dirname "$0")/lib.sh"
cd "$TOP"

verdict fixed-burst "no leak" --set endpoint=/fixed --set 'rate=burst 400, pause 6s'
verdict fixed-ramp "no leak" --set endpoint=/fixed --set 'rate=ramp 1/s..60/s for 5s, pause 4s'
verdict fixed-chan-burst "no leak" --set endpoint=/fixed/chan --set 'rate=burst 200, pause 5s'
verdict slow-gives-up "no leak" --set 'endpoint=/slow?ms=400' --set timeout=100 \
	--set 'rate=20/s for 4s, pause 4s'

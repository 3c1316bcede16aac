# movenet_ros: set-up, demo and tests. Every target runs in the project's own environment,
# on stock middleware. ROS_DISTRO=kilted picks the Kilted wheels (Jazzy is the default).
SHELL := /bin/bash
ROS_DISTRO ?= jazzy
export MOVENET_ROS_DISTRO := $(ROS_DISTRO)
VIDEO ?= $(CURDIR)/../shared/data/video/pose_1.mp4
PYTEST_ARGS ?=

.PHONY: setup demo test test-stress accuracy bench bench-stock bench-cameras \
	bench-image-participant soak soak-chaos clean

setup:
	@bash scripts/setup.sh

demo:
	@bash scripts/demo.sh "$(VIDEO)"

test:
	@set -o pipefail; . ./env.sh && python -m pytest movenet_ros/test $(PYTEST_ARGS)

# The suite beside two CPU-bound processes, STRESS_RUNS times in a row (default 1).
test-stress:
	@bash scripts/test_stress.sh $(PYTEST_ARGS)

clean:
	rm -rf build build-* install install-* log out .cache

accuracy:
	@. ./env.sh && python scripts/accuracy_report.py > /dev/null && echo "wrote docs/accuracy.md"

bench:
	@. ./env.sh && python bench/run_bench.py && python bench/multiperson.py --write && \
	  python bench/stock_middleware.py --write

bench-stock:
	@. ./env.sh && python bench/stock_middleware.py --write

# 1, 2, 4 and 8 cameras in one process (movenet_cameras) against a process per camera.
bench-cameras:
	@. ./env.sh && python bench/cameras.py --write

# The annotated image from its own DDS participant against from the node, with and
# without a viewer (about 9 minutes).
bench-image-participant:
	@. ./env.sh && python bench/image_participant_cost.py --write

soak:
	@. ./env.sh && python bench/soak.py

# An hour of faults on two managed nodes (docs/benchmarks.md). CI runs MINUTES=5 CHECK=1:
# the checks only, nothing written.
MINUTES ?= 60
soak-chaos:
	@. ./env.sh && python bench/soak_chaos.py --minutes $(MINUTES) --check $(if $(CHECK),,--write)

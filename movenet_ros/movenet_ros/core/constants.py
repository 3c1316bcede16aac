# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
MoveNet's constants in one place, as TF.js pose-detection keeps them in movenet/constants.ts.

Values marked "MoveNet" are the reference implementation's; the others are this package's
own choices, named as such. The keypoint names and skeleton live with the pose they
describe (keypoints.py).
"""

from .keypoints import NUM_KEYPOINTS

# --- Scores -------------------------------------------------------------------------------

#: A pose below this score is not a detection (MoveNet's DEFAULT_MIN_POSE_SCORE).
DEFAULT_MIN_POSE_SCORE = 0.25
#: A keypoint counts for cropping when its score is above this (MoveNet's MIN_CROP_KEYPOINT_SCORE).
MIN_CROP_KEYPOINT_SCORE = 0.2

# --- SinglePose cropping (crop.py, estimator.py) ------------------------------------------

#: Half the crop side is this many times the largest torso-keypoint distance from the hips'
#: centre (MoveNet's determineNextCropRegion).
TORSO_EXPANSION_RATIO = 1.9
#: ... or this many times the largest distance of any confident keypoint, whichever is larger.
BODY_EXPANSION_RATIO = 1.2
#: Weight of the new crop box against the previous one (MoveNet's CROP_FILTER_ALPHA).
CROP_FILTER_ALPHA = 0.9

# --- Keypoint smoothing (filters.py) ------------------------------------------------------
# MoveNet's KEYPOINT_FILTER_CONFIG, for keypoints in normalized image coordinates. TF.js
# sets disableValueScaling: true with these, so the speed is not divided by the person's
# size; EstimatorConfig.smoothing_scale_by_object turns that scaling on (off by default).

#: Frame rate assumed until two stamps give the real one, in Hz.
ONE_EURO_FREQUENCY = 30.0
#: Cutoff frequency of a still keypoint, in Hz (minCutOff).
ONE_EURO_MIN_CUTOFF = 2.5
#: How fast the cutoff rises with speed (beta).
ONE_EURO_BETA = 300.0
#: Cutoff of the speed's own smoothing, in Hz (derivateCutOff).
ONE_EURO_DERIVATIVE_CUTOFF = 2.5
#: Step size above which a jump is compressed by asinh, at rest (thresholdCutOff).
ONE_EURO_THRESHOLD_CUTOFF = 0.5
#: How fast that threshold rises with speed (thresholdBeta).
ONE_EURO_THRESHOLD_BETA = 5.0
#: Longest pause between frames, in seconds, that smoothing bridges (this package's choice).
DEFAULT_MAX_GAP = 1.0

# --- MultiPose (multipose.py, runner.py) --------------------------------------------------

#: Long side of the resized frame for the dynamic MultiPose model, in pixels
#: (MoveNet's MOVENET_MULTIPOSE_DEFAULT_MAX_DIMENSION).
MULTIPOSE_DEFAULT_MAX_DIMENSION = 256
#: MultiPose inputs are padded to multiples of this, in pixels.
MULTIPOSE_INPUT_MULTIPLE = 32
#: Values per keypoint in the model output: y, x, score (MoveNet's NUM_KEYPOINT_VALUES).
NUM_KEYPOINT_VALUES = 3
#: Where a person's box (y_min, x_min, y_max, x_max) starts in a MultiPose row (MULTIPOSE_BOX_IDX).
MULTIPOSE_BOX_IDX = NUM_KEYPOINTS * NUM_KEYPOINT_VALUES
#: Values per person in MultiPose output: keypoints, box (4), score (MULTIPOSE_INSTANCE_SIZE).
MULTIPOSE_INSTANCE_SIZE = MULTIPOSE_BOX_IDX + 5

# --- Tracking (tracker.py): TF.js's DEFAULT_*_TRACKER_CONFIG ------------------------------

TRACKER_TYPES = ('bounding_box', 'keypoint')
#: Most tracks kept at once (maxTracks).
TRACKER_MAX_TRACKS = 18
#: Seconds of stamp time a track survives unseen (maxAge, 1000 ms).
TRACKER_MAX_AGE = 1.0
#: Least similarity for a detection to join a track (minSimilarity of the IoU tracker).
TRACKER_MIN_SIMILARITY = 0.15
#: Keypoint score counted by object keypoint similarity (keypointConfidenceThreshold).
TRACKER_KEYPOINT_CONFIDENCE = 0.3
#: Fewest keypoints confident on both sides for keypoint similarity (minNumberOfKeypoints).
TRACKER_MIN_KEYPOINTS = 4
#: COCO per-keypoint falloff constants for object keypoint similarity (keypointFalloff).
COCO_FALLOFF = (0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072,
                0.062, 0.062, 0.107, 0.107, 0.087, 0.087, 0.089, 0.089)

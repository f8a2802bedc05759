"""Camera: frames in, pose landmarks out (OpenCV sources and feeds, MediaPipe, the model file).

What lives here: image, folder, video and webcam sources, the live feeds with JPEG handed over
undecoded, the cheap glance between model readings, the pose landmarker, the model store, the
preview window and who else holds the webcam. It may import the core and `system`.
"""

"""collaboration"""
